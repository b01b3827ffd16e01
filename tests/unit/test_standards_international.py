"""International alternatives (STANDARDS.md §7): ASTM D6433, NASSCO PACP, WSA 05, FHWA NBI."""
import pytest

from safe_municipal.core.standards import assess
from safe_municipal.core.standards.international import quick_rating


# --------------------------------------------------------------------------- ASTM D6433
def test_astm_example():
    a = assess("ASTM-D6433", {"deduct_values": [25, 1.5]})
    assert a.index["PCI"] == pytest.approx(73.5, abs=0.005) and a.index["CDV"] == 26.5
    assert a.grade == "Satisfactory" and a.category == "minor"


def test_astm_iteration_with_given_curves():
    curves = {"2": [[0, 0], [100, 80]], "3": [[0, 0], [100, 70]]}
    a = assess("ASTM-D6433", {"deduct_values": [30, 20, 10, 1], "cdv_curves": curves})
    assert [r["q"] for r in a.details["iterations"]] == [3, 2, 1]
    assert [r["TDV"] for r in a.details["iterations"]] == [61, 53, 35]
    assert a.index["CDV"] == pytest.approx(42.7) and a.index["PCI"] == pytest.approx(57.3)
    assert a.grade == "Fair"


def test_astm_keeps_m_largest_values_with_a_fraction():
    curves = {"2": [[0, 0], [200, 100]]}
    a = assess("ASTM-D6433", {"deduct_values": [90, 50, 40, 30, 20], "cdv_curves": curves})
    m = 1 + 9 / 98 * 10
    assert a.details["iterations"][0]["TDV"] == pytest.approx(90 + 50 * (m - 1))
    assert a.index["CDV"] == 92 and a.index["PCI"] == 8 and a.grade == "Failed"


@pytest.mark.parametrize("pci, rating", [(86, "Good"), (85.4, "Satisfactory"), (85.5, "Good"), (71, "Satisfactory"),
                                         (70, "Fair"), (56, "Fair"), (55, "Poor"), (41, "Poor"), (40, "Very Poor"),
                                         (26, "Very Poor"), (25, "Serious"), (11, "Serious"), (10, "Failed")])
def test_astm_ratings(pci, rating):
    assert assess("ASTM-D6433", {"deduct_values": [100 - pci]}).grade == rating


def test_astm_needs_curves_for_several_large_values():
    with pytest.raises(ValueError, match=r"^cdv_curves: the CDV correction curve for q = 2 is needed"):
        assess("ASTM-D6433", {"deduct_values": [30, 20]})
    with pytest.raises(ValueError, match=r"^cdv_curves\.2: TDV 50 is outside the curve \(0-40\)"):
        assess("ASTM-D6433", {"deduct_values": [30, 20], "cdv_curves": {"2": [[0, 0], [40, 30]]}})
    with pytest.raises(ValueError, match=r"^deduct_values\[1\]: -2 is negative"):
        assess("ASTM-D6433", {"deduct_values": [30, -2]})


# --------------------------------------------------------------------------- NASSCO PACP
def test_pacp_example():
    defects = [{"family": "structural", "grade": g} for g in (4, 4, 3, 2)] + [{"family": "om", "grade": 3}]
    a = assess("NASSCO-PACP", {"defects": defects})
    assert a.index["SPR"] == 13 and a.index["SPRI"] == pytest.approx(3.25)
    assert a.index["OPR"] == 16 and a.index["OPRI"] == pytest.approx(3.2)
    assert a.details["quick_ratings"] == {"structural": "4231", "om": "3100", "overall": "4232"}
    assert a.grade == "4" and a.category == "major"


def test_pacp_quick_rating_letters_and_counts():
    assert quick_rating([]) == "0000"
    assert quick_rating([5] * 12 + [2]) == "5C21"
    a = assess("NASSCO-PACP", {"defects": [{"family": "om", "grade": 2, "count": 3}]})
    assert a.index["OMPR"] == 6 and a.details["quick_ratings"]["om"] == "2300" and a.grade == "2"
    assert assess("NASSCO-PACP", {"defects": []}).grade == "0"
    with pytest.raises(ValueError, match=r"^defects\[0\]\.grade: 6 is not a PACP grade \(1-5\)"):
        assess("NASSCO-PACP", {"defects": [{"family": "om", "grade": 6}]})
    with pytest.raises(ValueError, match=r"^defects\[0\]\.family: 'service' is not one of structural, om"):
        assess("NASSCO-PACP", {"defects": [{"family": "service", "grade": 2}]})


# --------------------------------------------------------------------------- WSA 05
def test_wsa05_example():
    a = assess("WSA05", {"peak_score": 20, "mean_score": 1.51})
    assert a.grades == {"peak": "3", "mean": "2"} and a.grade == "3" and a.category == "corrective"


def test_wsa05_from_defects():
    defects = [{"score": 10, "position_m": 10.0}, {"score": 10, "position_m": 10.5}, {"score": 5, "position_m": 11.2}]
    a = assess("WSA05", {"length_m": 20, "defects": defects})
    assert a.index == {"peak": 20, "mean": 1.25} and a.grade == "3"


@pytest.mark.parametrize("peak, mean, grade", [(5, 1.0, "1"), (5.01, 1.0, "2"), (5, 1.01, "2"), (15, 3, "2"),
                                               (40, 5, "3"), (60, 10, "4"), (60.01, 0, "5"), (0, 10.01, "5")])
def test_wsa05_thresholds(peak, mean, grade):
    assert assess("WSA05", {"peak_score": peak, "mean_score": mean}).grade == grade


def test_wsa05_invalid():
    with pytest.raises(ValueError, match=r"^defects\[0\]\.position_m: 30 is above the maximum 20"):
        assess("WSA05", {"length_m": 20, "defects": [{"score": 1, "position_m": 30}]})
    with pytest.raises(ValueError, match=r"^mean_score: is required"):
        assess("WSA05", {"peak_score": 3})


# --------------------------------------------------------------------------- FHWA NBI
def test_nbi_example():
    a = assess("NBI", {"deck": 7, "superstructure": 6, "substructure": 5})
    assert a.grade == "Fair" and a.index["minimum"] == 5 and a.category == "minor"


@pytest.mark.parametrize("low, grade", [(9, "Good"), (7, "Good"), (6, "Fair"), (5, "Fair"), (4, "Poor"), (0, "Poor")])
def test_nbi_classes(low, grade):
    assert assess("NBI", {"deck": 9, "superstructure": low, "culvert": "N"}).grade == grade


def test_nbi_invalid():
    with pytest.raises(ValueError, match=r"^deck: 10 is not an NBI condition rating"):
        assess("NBI", {"deck": 10})
    with pytest.raises(ValueError, match=r"^deck: at least one component rating is required"):
        assess("NBI", {"culvert": "N"})
