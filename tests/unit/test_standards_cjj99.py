"""CJJ 99-2017 bridges: STANDARDS.md §2 worked example, thresholds, options, properties."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core.standards import assess
from safe_municipal.core.standards import cjj99 as B

STD = "CJJ99-2017"
RANK = {g: i for i, g in enumerate("ABCDE")}
EXAMPLE = {
    "bridge_type": "beam", "bridge_class": "III",
    "deck": {"铺装": 20, "伸缩装置": 35},
    "superstructure": [{"主梁": 10}],
    "substructure": [{"kind": "abutment", "支座": 25}, {"kind": "abutment"}],
}


def bridge(options=None, **change):
    data = dict(EXAMPLE)
    data.update(change)
    return assess(STD, data, options)


# --------------------------------------------------------------------------- worked example (§2)
def test_worked_example():
    a = bridge()
    expected = {"BCI_m": 85.25, "BSI_m": 65, "BCI_s": 94, "BSI_s": 90, "BCI_x": 96.875, "BSI_x": 75,
                "BCI": 93.98, "BSI": 65}
    for k, v in expected.items():
        assert a.index[k] == pytest.approx(v, abs=0.005), k
    assert a.index["BCI"] == pytest.approx(12.7875 + 37.6 + 43.59375)
    assert a.grades == {"BCI": "A", "BSI": "D"}
    assert a.grade == "D" and a.category == "major"
    assert a.action == "检测评估后局部中修、大修或加固"
    assert a.details["actions"] == {"BCI": "日常养护", "BSI": "检测评估后局部中修、大修或加固"}
    assert a.details["supports"][0]["BCI"] == pytest.approx(93.75)
    assert a.details["grade_names"] == {"BCI": "完好", "BSI": "不合格"}


def test_mdp_sub_test():
    assert B.element_deduction([20, 10]) == pytest.approx(22.22, abs=0.005)
    a = bridge(deck={"铺装": {"dp": [20, 10]}})
    el = a.details["deck"]["elements"]["paving"]
    assert el["mdp"] == pytest.approx(22.22, abs=0.005) and el["dp"] == [20, 10]
    assert B.element_deduction([35]) == 35
    assert B.element_deduction([]) == 0
    assert B.element_deduction([100, 100]) == 100  # capped


def test_english_codes_equal_chinese_names():
    english = {"deck": {"paving": 20, "expansion_joint": 35}, "superstructure": [{"main_girder": 10}],
               "substructure": [{"kind": "abutment", "bearing": 25}, {"kind": "abutment"}]}
    assert bridge(**english).index == bridge().index


@pytest.mark.parametrize("btype, w", [("beam", (0.15, 0.40, 0.45)), ("arch", (0.10, 0.45, 0.45)),
                                      ("pedestrian", (0.15, 0.45, 0.40))])
def test_bridge_type_weights(btype, w):
    a = bridge(bridge_type=btype)
    assert a.index["BCI"] == pytest.approx(w[0] * 85.25 + w[1] * 94 + w[2] * 96.875)
    assert (btype == "arch") == any("arch" in n for n in a.details["notes"])


def test_special_types_refused_unless_option():
    with pytest.raises(ValueError, match=r"^bridge_type: element lists for cable_stayed bridges are not available"):
        bridge(bridge_type="cable_stayed")
    a = bridge({"special_types": "general"}, bridge_type="suspension")
    assert a.index == bridge().index and any("suspension" in n for n in a.details["notes"])
    with pytest.raises(ValueError, match=r"^bridge_type: arch superstructure elements are not available"):
        bridge({"arch_superstructure": "error"}, bridge_type="arch")


def test_class_one_gets_a_note():
    assert any("special assessment" in n for n in bridge(bridge_class="I").details["notes"])
    assert not any("special assessment" in n for n in bridge().details["notes"])
    assert bridge(bridge_class=None).grade == "D"


# --------------------------------------------------------------------------- missing elements, single-item control
def test_absent_elements_give_their_weight_to_the_others():
    a = bridge(deck={"铺装": 20}, absent={"deck": ["人行道", "railing"]})
    assert a.index["BCI_m"] == pytest.approx((80 * 0.30 + 100 * 0.15 + 100 * 0.25 + 100 * 0.10) / 0.80)
    w = {k: v["weight"] for k, v in a.details["deck"]["elements"].items()}
    assert w == pytest.approx({"paving": 0.375, "approach": 0.1875, "expansion_joint": 0.3125, "drainage": 0.125})
    span = bridge(superstructure=[{"主梁": 10, "absent": ["横向联系"]}])
    assert span.index["BCI_s"] == pytest.approx(90)


def test_single_item_control():
    a = bridge(single_item_control=[{"part": "deck", "element": "栏杆"}])
    assert a.details["deck"]["elements"]["railing"]["mdp"] == 80
    assert a.index["BSI"] == 20 and a.grade == "E"
    assert any("单项控制指标" in n for n in a.details["notes"])
    clean = {"bridge_type": "beam", "deck": {}, "superstructure": [{}], "substructure": [{"kind": "pier"}]}
    b = assess(STD, dict(clean, single_item_control=[{"part": "substructure", "element": "基础"}]))
    assert b.index["BSI"] == 20 and b.grade == "E"
    # a deduction already above 80 is not lowered
    c = assess(STD, dict(clean, superstructure=[{"主梁": 90}],
                         single_item_control=[{"part": "superstructure", "element": "主梁"}]))
    assert c.index["BSI"] == 10


def test_single_item_control_needs_index_with_several_spans():
    spans = [{"主梁": 10}, {}]
    with pytest.raises(ValueError, match=r"^single_item_control\[0\]\.index: is required"):
        bridge(superstructure=spans, single_item_control=[{"part": "superstructure", "element": "主梁"}])
    a = bridge(superstructure=spans, single_item_control=[{"part": "superstructure", "element": "主梁", "index": 1}])
    assert a.details["spans"][1]["elements"]["main_girder"]["mdp"] == 80


def test_bsi_aggregation_option():
    spans = [{"主梁": 40}, {}]
    assert bridge(superstructure=spans).index["BSI_s"] == 60
    assert bridge({"bsi_aggregation": "mean_of_instances"}, superstructure=spans).index["BSI_s"] == 80


# --------------------------------------------------------------------------- thresholds
@pytest.mark.parametrize("value, grade", [(100, "A"), (90, "A"), (89.99, "B"), (80, "B"), (79.99, "C"), (66, "C"),
                                          (65.99, "D"), (50, "D"), (49.99, "E"), (0, "E")])
def test_grade_thresholds(value, grade):
    assert B.grade_of(value) == grade


@pytest.mark.parametrize("mdp, grade", [(10, "A"), (10.01, "B"), (20, "B"), (20.01, "C"), (34, "C"), (34.01, "D"),
                                        (50, "D"), (50.01, "E")])
def test_bsi_thresholds_through_assess(mdp, grade):
    a = bridge(deck={}, superstructure=[{"主梁": mdp}], substructure=[{"kind": "pier"}])
    assert a.grades["BSI"] == grade and a.grade == grade


def test_bci_controls_when_worse():
    everything = {"deck": {k: 40 for k in ("铺装", "桥头平顺", "伸缩装置", "排水", "人行道", "栏杆")},
                  "superstructure": [{"主梁": 40, "横向联系": 40}],
                  "substructure": [{"kind": "pier", "盖梁": 40, "墩身": 40, "基础": 40, "支座": 40}]}
    a = bridge(**everything)
    assert a.index["BCI"] == pytest.approx(60) and a.index["BSI"] == 60
    assert a.grades == {"BCI": "D", "BSI": "D"}
    assert a.action == "检测评估后中修、大修或加固；检测评估后局部中修、大修或加固"


@pytest.mark.parametrize("grade, category", [("A", "preventive"), ("B", "minor"), ("C", "corrective"), ("D", "major"),
                                             ("E", "major")])
def test_categories(grade, category):
    mdp = {"A": 0, "B": 15, "C": 30, "D": 45, "E": 60}[grade]
    a = bridge(deck={}, superstructure=[{"主梁": mdp}], substructure=[{"kind": "pier"}])
    assert a.grade == grade and a.category == category


# --------------------------------------------------------------------------- monotonicity
def test_adding_a_deduction_can_improve_the_grade_under_the_literal_formula():
    """Pinned counterexample: w(u) lets a small extra deduction dilute a large one."""
    base = {"bridge_type": "beam", "deck": {}, "substructure": [{"kind": "pier"}]}
    before = assess(STD, dict(base, superstructure=[{"主梁": {"dp": [51]}}]))
    after = assess(STD, dict(base, superstructure=[{"主梁": {"dp": [51, 2]}}]))
    assert before.index["BSI"] == 49 and before.grade == "E"
    assert after.index["BSI"] == pytest.approx(51.39, abs=0.005) and after.grade == "D"
    assert B.element_deduction([20, 1]) == pytest.approx(18.88, abs=0.005)
    mono = assess(STD, dict(base, superstructure=[{"主梁": {"dp": [51, 2]}}]), {"monotone_deduction": True})
    assert mono.index["BSI"] == 49 and mono.grade == "E"


DECK = ("铺装", "桥头平顺", "伸缩装置", "排水", "人行道", "栏杆")
PIER = ("盖梁", "墩身", "基础", "支座")
dp_list = st.lists(st.integers(0, 100).map(float), max_size=4)


@st.composite
def bridge_data(draw):
    deck = {k: {"dp": draw(dp_list)} for k in draw(st.sets(st.sampled_from(DECK)))}
    spans = [{k: {"dp": draw(dp_list)} for k in draw(st.sets(st.sampled_from(("主梁", "横向联系"))))}
             for _ in range(draw(st.integers(1, 3)))]
    supports = [dict({k: {"dp": draw(dp_list)} for k in draw(st.sets(st.sampled_from(PIER)))}, kind="pier")
                for _ in range(draw(st.integers(1, 3)))]
    return {"bridge_type": draw(st.sampled_from(["beam", "arch", "pedestrian"])), "deck": deck,
            "superstructure": spans, "substructure": supports}


def _places(data):
    out = [("deck", None, k) for k in data["deck"]]
    out += [("superstructure", i, k) for i, s in enumerate(data["superstructure"]) for k in s]
    out += [("substructure", i, k) for i, s in enumerate(data["substructure"]) for k in s if k != "kind"]
    return out


def _element(data, place):
    part, i, k = place
    return data["deck"][k] if part == "deck" else data[part][i][k]


@settings(max_examples=200, deadline=None)
@given(bridge_data(), st.data())
def test_monotone_deduction_adding_a_deduction_never_improves(data, draw):
    opts = {"monotone_deduction": True}
    places = _places(data)
    if not places:
        return
    before = assess(STD, data, opts)
    _element(data, draw.draw(st.sampled_from(places)))["dp"].append(float(draw.draw(st.integers(0, 100))))
    after = assess(STD, data, opts)
    assert after.index["BCI"] <= before.index["BCI"] + 1e-9 and after.index["BSI"] <= before.index["BSI"] + 1e-9
    assert RANK[after.grade] >= RANK[before.grade]


@settings(max_examples=150, deadline=None)
@given(bridge_data(), st.data(), st.booleans())
def test_raising_an_element_mdp_never_improves(data, draw, mono):
    places = _places(data)
    if not places:
        return
    for p in places:  # give every element its MDP directly
        el = _element(data, p)
        mdp = B.element_deduction(el["dp"])
        if p[0] == "deck":
            data["deck"][p[2]] = mdp
        else:
            data[p[0]][p[1]][p[2]] = mdp
    before = assess(STD, data, {"monotone_deduction": mono})
    part, i, k = draw.draw(st.sampled_from(places))
    target = data["deck"] if part == "deck" else data[part][i]
    target[k] = min(100.0, target[k] + draw.draw(st.floats(0, 100)))
    after = assess(STD, data, {"monotone_deduction": mono})
    assert after.index["BCI"] <= before.index["BCI"] + 1e-9 and after.index["BSI"] <= before.index["BSI"] + 1e-9
    assert RANK[after.grade] >= RANK[before.grade]


@settings(max_examples=150, deadline=None)
@given(bridge_data(), st.randoms(), st.booleans())
def test_order_independent(data, rnd, mono):
    opts = {"monotone_deduction": mono}
    a = assess(STD, data, opts)
    shuffled = dict(data, superstructure=list(data["superstructure"]), substructure=list(data["substructure"]))
    rnd.shuffle(shuffled["superstructure"])
    rnd.shuffle(shuffled["substructure"])
    for p in _places(shuffled):
        rnd.shuffle(_element(shuffled, p)["dp"])
    shuffled["deck"] = dict(reversed(list(shuffled["deck"].items())))
    b = assess(STD, shuffled, opts)
    assert (b.index, b.grades, b.grade, b.category, b.action) == (a.index, a.grades, a.grade, a.category, a.action)
    assert b.details["deck"] == a.details["deck"]


@given(st.floats(0, 100), st.floats(0, 100))
def test_grade_is_monotone_in_its_index(x, y):
    lo, hi = sorted((x, y))
    assert RANK[B.grade_of(lo)] >= RANK[B.grade_of(hi)]


# --------------------------------------------------------------------------- invalid input
@pytest.mark.parametrize("change, message", [
    ({"deck": {"桥面": 10}}, "deck.桥面: '桥面' is not an element of the deck system"),
    ({"deck": {"铺装": 120}}, "deck.铺装: 120 is above the maximum 100"),
    ({"deck": {"铺装": -1}}, "deck.铺装: -1 is negative"),
    ({"deck": {"铺装": {"dp": [20, -5]}}}, "deck.铺装.dp[1]: -5 is negative"),
    ({"deck": {"铺装": {"dps": [20]}}}, "deck.铺装.dps: unknown input"),
    ({"deck": {"铺装": 10, "paving": 20}}, "deck.paving: 铺装 is given twice"),
    ({"deck": None}, "deck: is required"),
    ({"superstructure": []}, "superstructure: must not be empty"),
    ({"superstructure": [{"台帽": 10}]}, "superstructure[0].台帽: '台帽' is not an element of the superstructure"),
    ({"substructure": [{"kind": "tower"}]}, "substructure[0].kind: 'tower' is not one of pier, abutment"),
    ({"substructure": [{"支座": 10}]}, "substructure[0].kind: is required"),
    ({"substructure": [{"kind": "pier", "台身": 5}]}, "substructure[0].台身: '台身' is not an element of the pier"),
    ({"bridge_type": "truss"}, "bridge_type: 'truss' is not one of"),
    ({"bridge_class": "VI"}, "bridge_class: 'VI' is not one of I, II, III, IV, V"),
    ({"absent": {"deck": ["铺装"]}}, "deck.paving: the element is listed as absent but has a deduction"),
    ({"absent": {"superstructure": ["主梁", "横向联系"]}, "superstructure": [{}]}, "superstructure[0]: every element"),
    ({"absent": {"tower": []}}, "absent.tower: unknown input"),
    ({"single_item_control": [{"part": "deck", "element": "主梁"}]},
     "single_item_control[0].element: '主梁' is not an element of the deck system"),
    ({"span_count": 3}, "span_count: unknown input"),
])
def test_invalid_input_names_the_field(change, message):
    with pytest.raises(ValueError) as e:
        bridge(**change)
    assert str(e.value).startswith(message), str(e.value)


def test_invalid_options():
    with pytest.raises(ValueError, match=r"^options\.bsi_aggregation: 'mean' is not one of"):
        bridge({"bsi_aggregation": "mean"})
    with pytest.raises(ValueError, match=r"^options\.weights: unknown option for CJJ99-2017"):
        bridge({"weights": {}})
