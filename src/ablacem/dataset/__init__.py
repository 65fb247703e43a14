"""The tidy dataset: the contract between capture and analysis (schema, read, write, validate)."""

from .consistency import consistency_problems
from .errors import DatasetError, Problem
from .frame import Dataset, empty_table
from .io import conform, read_dataset, write_dataset
from .schema import ALL_TABLES, CLINICAL_TABLES, TABLES, Column, Table
from .validate import dataset_problems, validate

__all__ = [
    "ALL_TABLES",
    "CLINICAL_TABLES",
    "TABLES",
    "Column",
    "Dataset",
    "DatasetError",
    "Problem",
    "Table",
    "conform",
    "consistency_problems",
    "dataset_problems",
    "empty_table",
    "read_dataset",
    "validate",
    "write_dataset",
]
