"""Views of the ePRO app: the patient's pages (``/p/<token>/``) and the staff actions on links."""
