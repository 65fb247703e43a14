"""The statistical methods of the analysis plan, one small module each, each tested by hand."""
