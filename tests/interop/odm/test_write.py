import xml.etree.ElementTree as ET

import pytest

from ablacem.interop.deidentify import deidentify
from ablacem.interop.odm import schema_errors, write_odm, xsd_path
from tests.interop.helpers import KEY

NS = {"odm": "http://www.cdisc.org/ns/odm/v1.3"}


@pytest.fixture
def odm_file(small, tmp_path):
    return write_odm(small, tmp_path / "study.xml")


def test_the_official_xsd_is_the_one_shipped_by_odmlib():
    path = xsd_path()
    assert path.name == "ODM1-3-2.xsd" and "odmlib" in path.parts
    assert 'targetNamespace="http://www.cdisc.org/ns/odm/v1.3"' in path.read_text(encoding="utf-8")


def test_validates_against_the_odm_1_3_2_schema(odm_file):
    assert schema_errors(odm_file) == []


def test_the_validator_rejects_a_broken_document(odm_file, tmp_path):
    broken = tmp_path / "broken.xml"
    text = odm_file.read_text(encoding="utf-8").replace('DataType="integer"', 'DataType="whole"', 1)
    broken.write_text(text, encoding="utf-8")
    errors = schema_errors(broken)
    assert errors and "DataType" in errors[0]


def test_metadata(odm_file):
    root = ET.parse(odm_file).getroot()
    assert root.get("ODMVersion") == "1.3.2" and root.get("FileType") == "Snapshot"
    mdv = root.find("odm:Study/odm:MetaDataVersion", NS)
    events = [e.get("OID") for e in mdv.findall("odm:StudyEventDef", NS)]
    assert events == ["SE.STUDY", "SE.BASELINE", "SE.POST", "SE.W1", "SE.M1", "SE.M3"]
    post_forms = [f.get("FormOID") for f in mdv.find("odm:StudyEventDef[@OID='SE.POST']", NS)]
    assert post_forms == ["F.ASSESSMENTS", "F.ANALGESICS", "F.IMAGING"]
    age = mdv.find("odm:ItemDef[@OID='IT.PATIENTS.AGE']", NS)
    assert age.get("DataType") == "integer"
    checks = [(r.get("Comparator"), r.find("odm:CheckValue", NS).text) for r in age.findall("odm:RangeCheck", NS)]
    assert checks == [("GE", "18"), ("LE", "110")]
    assert mdv.find("odm:ItemDef[@OID='IT.ASSESSMENTS.VAS_WORST']", NS).get("SignificantDigits") == "1"
    assert mdv.find("odm:ItemGroupDef[@OID='IG.LESIONS']", NS).get("Repeating") == "Yes"
    sex = mdv.find("odm:CodeList[@OID='CL.SEX']", NS)
    decoded = [(i.get("CodedValue"), i.find("odm:Decode/odm:TranslatedText", NS).text) for i in sex]
    assert decoded == [("F", "Female"), ("M", "Male")]
    sex_item = mdv.find("odm:ItemDef[@OID='IT.PATIENTS.SEX']", NS)
    assert sex_item.find("odm:CodeListRef", NS).get("CodeListOID") == "CL.SEX"


def test_clinical_data(odm_file):
    root = ET.parse(odm_file).getroot()
    subject = root.find("odm:ClinicalData/odm:SubjectData[@SubjectKey='ABL-001']", NS)
    baseline = subject.find("odm:StudyEventData[@StudyEventOID='SE.BASELINE']", NS)
    vas = baseline.find(".//odm:ItemData[@ItemOID='IT.ASSESSMENTS.VAS_WORST']", NS)
    assert vas.get("Value") == "8"
    lesions = subject.findall(".//odm:ItemGroupData[@ItemGroupOID='IG.LESIONS']", NS)
    assert [g.get("ItemGroupRepeatKey") for g in lesions] == ["1", "2"]
    assert [e.get("StudyEventOID") for e in subject.findall("odm:StudyEventData", NS)] == [
        "SE.STUDY",
        "SE.BASELINE",
        "SE.POST",
        "SE.M1",
        "SE.M3",
    ]


def test_deidentified_odm_validates_and_has_day_items(small, tmp_path):
    path = write_odm(deidentify(small, key=KEY), tmp_path / "deid.xml")
    assert schema_errors(path) == []
    text = path.read_text(encoding="utf-8")
    assert "IT.PATIENTS.ENROLLED_ON_DAY" in text and "IT.IDENTIFIERS" not in text and "ABL-001" not in text


def test_units(odm_file):
    root = ET.parse(odm_file).getroot()
    units = {u.get("OID"): u.get("Name") for u in root.iterfind(".//odm:BasicDefinitions/odm:MeasurementUnit", NS)}
    assert units["MU.MM"] == "mm" and units["MU.ML"] == "mL"
    cement = root.find(".//odm:ItemDef[@OID='IT.PROCEDURES.CEMENT_ML']", NS)
    assert cement.find("odm:MeasurementUnitRef", NS).get("MeasurementUnitOID") == "MU.ML"
