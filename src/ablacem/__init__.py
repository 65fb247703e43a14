"""ablacem: software that runs one prospective study of percutaneous ablation with cementoplasty.

Layers (each imports only the layers above it in this list):

- ``protocol``  the study as data: timepoints, visit windows, code lists, item ranges
- ``scoring``   clinical rules: QLQ-C30, opioid MME, pain response, CIRSE, SINS, Mirels
- ``dataset``   the tidy dataset, the contract between capture and analysis
- ``synth``     a realistic synthetic cohort
- ``analysis``  the statistical analysis plan and the study report
- ``interop``   REDCap, SPSS/Stata, CDISC ODM, de-identified exports
- ``edc``/``epro`` the Django apps (capture)
- ``project``   the Django project (settings, URLs, WSGI); ``cli`` the command line
"""

__version__ = "0.1.0"
