"""The corpus: lecture-like submissions and the diagnosis expected per task.

Each entry is a submission made of versions (versions.py) put into solutions/ or into the
filled-in stubs (compose.py), and, for every task that must fail, what its feedback must
name: the task's own known mistakes, "upstream:<task>" where it fails because a task it
builds on fails (the root task), or "import:<file>" where that file does not import. A task
not named must pass with no hint. `accept` lists other names that are right too. The first
version was ported from the feedback issue's corpus study (its proposed mistake ids mapped to
the catalogue's); tests/test_corpus.py checks every entry, and heldout.py holds entries the
catalogue was not tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expect:
    causes: tuple[str, ...]
    accept: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # lecture (whole submissions), single (one lecture version), slip, two (two mistakes), correct, training
    provenance: str
    choices: dict[str, str]  # qualname -> version id (versions.py)
    failing: dict[str, Expect] = field(default_factory=dict)
    base: str = "solutions"  # or "exercises-filled"
    training: bool = False


CORPUS: list[Entry] = []


def entry(
    id: str,
    kind: str,
    provenance: str,
    choices: dict[str, str],
    failing: dict | None = None,
    base: str = "solutions",
    training: bool = False,
) -> None:
    if any(e.id == id for e in CORPUS):
        raise ValueError(f"duplicate corpus id {id}")
    expect = {task: Expect(tuple(causes), tuple(accept)) for task, (causes, accept) in (failing or {}).items()}
    CORPUS.append(Entry(id, kind, provenance, dict(choices), expect, base, training))


entry(
    "book_ja",
    "lecture",
    "The book's chapter-4 code as published (oreilly-japan): common/functions.py (SSE renamed to the kit's name, CE), ch04/gradient_1d.py, common/gradient.py (the numerical_gradient the networks import), ch04/gradient_method.py, gradient_simplenet.py, two_layer_net.py, train_neuralnet.py and the four figures put on the given Axes. The issue's '81/100'.",
    {
        "functions.sum_squares_error": "book_ja",
        "functions.cross_entropy_error": "book_ja",
        "gradient.numerical_diff": "book_ja",
        "gradient.tangent_line": "book_ja",
        "gradient.numerical_gradient": "book_ja",
        "gradient.gradient_descent": "book_ja",
        "simple_net.SimpleNet.predict": "book_ja",
        "simple_net.SimpleNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.__init__": "book_ja",
        "two_layer_net.TwoLayerNet.predict": "book_ja",
        "two_layer_net.TwoLayerNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.accuracy": "book_ja",
        "two_layer_net.TwoLayerNet.numerical_gradient": "book_ja",
        "two_layer_net.TwoLayerNet.gradient": "book_ja",
        "train.train": "book_ja",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "book_ja",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "numerical_gradient": (["grad_no_int_check"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
        "plot_gradient_field": (["plot_field_book_way"], []),
    },
)
entry(
    "book_ko",
    "lecture",
    "The Korean edition's code (WegraLee): as book_ja with the ko files where they differ (mean_squared_error renamed, float(tmp_val) in common/gradient.py, the hidden layer's dz1/da1 names, train_neuralnet_2.py, the field from np.array([X, Y]) with a legend).",
    {
        "functions.sum_squares_error": "book_ko",
        "functions.cross_entropy_error": "book_ko",
        "gradient.numerical_diff": "book_ja",
        "gradient.tangent_line": "book_ja",
        "gradient.numerical_gradient": "book_ko",
        "gradient.gradient_descent": "book_ja",
        "simple_net.SimpleNet.predict": "book_ko",
        "simple_net.SimpleNet.loss": "book_ko",
        "two_layer_net.TwoLayerNet.__init__": "book_ko",
        "two_layer_net.TwoLayerNet.predict": "book_ko",
        "two_layer_net.TwoLayerNet.loss": "book_ko",
        "two_layer_net.TwoLayerNet.accuracy": "book_ko",
        "two_layer_net.TwoLayerNet.numerical_gradient": "book_ko",
        "two_layer_net.TwoLayerNet.gradient": "book_ko",
        "train.train": "book_ko_2",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "book_ko",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "numerical_gradient": (["grad_no_int_check"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
        "plot_gradient_field": (["plot_field_book_way"], []),
    },
)
entry(
    "book_ja_gradient_2d",
    "lecture",
    "book_ja, but numerical_gradient taken from ch04/gradient_2d.py (the version gradient_method.py imports) instead of common/gradient.py.",
    {
        "functions.sum_squares_error": "book_ja",
        "functions.cross_entropy_error": "book_ja",
        "gradient.numerical_diff": "book_ja",
        "gradient.tangent_line": "book_ja",
        "gradient.numerical_gradient": "book_gradient_2d_ja",
        "gradient.gradient_descent": "book_ja",
        "simple_net.SimpleNet.predict": "book_ja",
        "simple_net.SimpleNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.__init__": "book_ja",
        "two_layer_net.TwoLayerNet.predict": "book_ja",
        "two_layer_net.TwoLayerNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.accuracy": "book_ja",
        "two_layer_net.TwoLayerNet.numerical_gradient": "book_ja",
        "two_layer_net.TwoLayerNet.gradient": "book_ja",
        "train.train": "book_ja",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "book_ja",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "numerical_gradient": (["grad_rows_as_points"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
    },
)
entry(
    "book_ja_in_exercises",
    "lecture",
    "book_ja typed into the stubs of exercises/ (their docstrings and imports kept).",
    {
        "functions.sum_squares_error": "book_ja",
        "functions.cross_entropy_error": "book_ja",
        "gradient.numerical_diff": "book_ja",
        "gradient.tangent_line": "book_ja",
        "gradient.numerical_gradient": "book_ja",
        "gradient.gradient_descent": "book_ja",
        "simple_net.SimpleNet.predict": "book_ja",
        "simple_net.SimpleNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.__init__": "book_ja",
        "two_layer_net.TwoLayerNet.predict": "book_ja",
        "two_layer_net.TwoLayerNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.accuracy": "book_ja",
        "two_layer_net.TwoLayerNet.numerical_gradient": "book_ja",
        "two_layer_net.TwoLayerNet.gradient": "book_ja",
        "train.train": "book_ja",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "book_ja",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "numerical_gradient": (["grad_no_int_check"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
        "plot_gradient_field": (["plot_field_book_way"], []),
    },
    base="exercises-filled",
)
entry(
    "slides",
    "lecture",
    "The slides' practice code (000), every listing in its kit function; cross_entropy_error, of which the slides show only the formula, is the reference; the plots' pyplot calls put on the Axes.",
    {
        "functions.sum_squares_error": "slides",
        "gradient.numerical_diff": "slides",
        "gradient.tangent_line": "slides",
        "gradient.numerical_gradient": "slides_gradient_2d",
        "gradient.gradient_descent": "slides",
        "simple_net.SimpleNet.predict": "slides",
        "simple_net.SimpleNet.loss": "slides",
        "two_layer_net.TwoLayerNet.__init__": "slides",
        "two_layer_net.TwoLayerNet.predict": "slides",
        "two_layer_net.TwoLayerNet.loss": "slides",
        "two_layer_net.TwoLayerNet.accuracy": "slides",
        "two_layer_net.TwoLayerNet.numerical_gradient": "slides",
        "two_layer_net.TwoLayerNet.gradient": "slides",
        "train.train": "slides",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "slides",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_slides_code"], []),
        "numerical_gradient": (["grad_rows_as_points"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
    },
)
entry(
    "slides_in_exercises",
    "lecture",
    "slides, typed into the stubs of exercises/.",
    {
        "functions.sum_squares_error": "slides",
        "gradient.numerical_diff": "slides",
        "gradient.tangent_line": "slides",
        "gradient.numerical_gradient": "slides_gradient_2d",
        "gradient.gradient_descent": "slides",
        "simple_net.SimpleNet.predict": "slides",
        "simple_net.SimpleNet.loss": "slides",
        "two_layer_net.TwoLayerNet.__init__": "slides",
        "two_layer_net.TwoLayerNet.predict": "slides",
        "two_layer_net.TwoLayerNet.loss": "slides",
        "two_layer_net.TwoLayerNet.accuracy": "slides",
        "two_layer_net.TwoLayerNet.numerical_gradient": "slides",
        "two_layer_net.TwoLayerNet.gradient": "slides",
        "train.train": "slides",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "slides",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_slides_code"], []),
        "numerical_gradient": (["grad_rows_as_points"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
    },
    base="exercises-filled",
)
entry(
    "walkthrough",
    "lecture",
    "The walk-through's code (002): its SSE, its last (batch, one-hot) CE, numerical_diff with h = 0.0001, the 1-D numerical_gradient, gradient_descent without history, simpleNet, TwoLayerNet, the §4.5.3 training and its plot; tangent_line and the other figures (not in the walk-through) are the reference.",
    {
        "functions.sum_squares_error": "walkthrough",
        "functions.cross_entropy_error": "book_batch_one_hot",
        "gradient.numerical_diff": "walkthrough",
        "gradient.numerical_gradient": "walkthrough",
        "gradient.gradient_descent": "walkthrough",
        "simple_net.SimpleNet.predict": "slides",
        "simple_net.SimpleNet.loss": "slides",
        "two_layer_net.TwoLayerNet.__init__": "slides",
        "two_layer_net.TwoLayerNet.predict": "slides",
        "two_layer_net.TwoLayerNet.loss": "slides",
        "two_layer_net.TwoLayerNet.accuracy": "slides",
        "two_layer_net.TwoLayerNet.numerical_gradient": "slides",
        "two_layer_net.TwoLayerNet.gradient": "slides",
        "train.train": "walkthrough_453",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "cross_entropy_error": (["ce_one_hot_only"], []),
        "numerical_gradient": (["grad_walkthrough_1d"], []),
        "gradient_descent": (["gd_no_history"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:numerical_gradient", "upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient", "upstream:cross_entropy_error"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "walkthrough_syntax",
    "lecture",
    "walkthrough with the first numerical_diff it shows, `h = 1e - 4` (a SyntaxError).",
    {
        "functions.sum_squares_error": "walkthrough",
        "functions.cross_entropy_error": "book_batch_one_hot",
        "gradient.numerical_diff": "walkthrough_syntax",
        "gradient.numerical_gradient": "walkthrough",
        "gradient.gradient_descent": "walkthrough",
        "simple_net.SimpleNet.predict": "slides",
        "simple_net.SimpleNet.loss": "slides",
        "two_layer_net.TwoLayerNet.__init__": "slides",
        "two_layer_net.TwoLayerNet.predict": "slides",
        "two_layer_net.TwoLayerNet.loss": "slides",
        "two_layer_net.TwoLayerNet.accuracy": "slides",
        "two_layer_net.TwoLayerNet.numerical_gradient": "slides",
        "two_layer_net.TwoLayerNet.gradient": "slides",
        "train.train": "walkthrough_453",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_book_single_example"], []),
        "cross_entropy_error": (["ce_one_hot_only"], []),
        "numerical_diff": (["import:gradient.py"], []),
        "tangent_line": (["import:gradient.py"], []),
        "numerical_gradient": (["import:gradient.py"], []),
        "gradient_descent": (["import:gradient.py"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["import:gradient.py"], []),
        "two_layer_net_init": (["import:gradient.py"], []),
        "two_layer_net_predict": (["import:gradient.py"], []),
        "two_layer_net_loss": (["import:gradient.py"], []),
        "two_layer_net_accuracy": (["import:gradient.py"], []),
        "two_layer_net_numerical_gradient": (["import:gradient.py"], []),
        "two_layer_net_gradient": (["import:gradient.py"], []),
        "plot_tangent": (["import:gradient.py"], []),
        "plot_gradient_field": (["import:gradient.py"], []),
        "plot_descent_path": (["import:gradient.py"], []),
        "plot_training": (["import:gradient.py"], []),
    },
)
entry(
    "sse_slides",
    "single",
    "The slides' SSE `0.5*np.sum(y-t)**2` alone.",
    {"functions.sum_squares_error": "slides"},
    {"sum_squares_error": (["sse_slides_code"], ["sse_slide_typo"])},
)
entry(
    "sse_book",
    "single",
    "The book's single-example SSE (common/functions.py; = ko, walk-through) alone.",
    {"functions.sum_squares_error": "book_ja"},
    {"sum_squares_error": (["sse_book_single_example"], [])},
)
entry(
    "ce_book",
    "correct",
    "The book's common/functions.py cross_entropy_error alone: the kit's reference.",
    {"functions.cross_entropy_error": "book_ja"},
    {},
)
entry(
    "ce_book_single",
    "single",
    "The book's §4.2.2 single-example CE (walk-through 55-57) alone.",
    {"functions.cross_entropy_error": "book_single"},
    {
        "cross_entropy_error": (["ce_book_single_example"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "ce_book_batch_one_hot",
    "single",
    "The book's §4.2.4 one-hot batch CE (walk-through 95-101) alone.",
    {"functions.cross_entropy_error": "book_batch_one_hot"},
    {
        "cross_entropy_error": (["ce_one_hot_only"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "ce_book_batch_labels",
    "single",
    "The book's §4.2.4 label-index CE (reconstructed) alone.",
    {"functions.cross_entropy_error": "book_batch_labels"},
    {
        "cross_entropy_error": (["ce_labels_only"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "ce_slides_formula",
    "single",
    "The slides' CE formula typed literally, -np.sum(t * np.log(y)).",
    {"functions.cross_entropy_error": "slides_formula"},
    {
        "cross_entropy_error": (["ce_book_single_example", "ce_no_delta"], ["ce_no_delta"]),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "diff_walkthrough_syntax",
    "single",
    "The walk-through's `h = 1e - 4` alone: gradient.py does not import.",
    {"gradient.numerical_diff": "walkthrough_syntax"},
    {
        "numerical_diff": (["import:gradient.py"], []),
        "tangent_line": (["import:gradient.py"], []),
        "numerical_gradient": (["import:gradient.py"], []),
        "gradient_descent": (["import:gradient.py"], []),
        "simple_net_gradient": (["import:gradient.py"], []),
        "two_layer_net_init": (["import:gradient.py"], []),
        "two_layer_net_predict": (["import:gradient.py"], []),
        "two_layer_net_loss": (["import:gradient.py"], []),
        "two_layer_net_accuracy": (["import:gradient.py"], []),
        "two_layer_net_numerical_gradient": (["import:gradient.py"], []),
        "two_layer_net_gradient": (["import:gradient.py"], []),
        "plot_tangent": (["import:gradient.py"], []),
        "plot_gradient_field": (["import:gradient.py"], []),
        "plot_descent_path": (["import:gradient.py"], []),
        "plot_training": (["import:gradient.py"], []),
    },
)
entry(
    "diff_walkthrough",
    "correct",
    "The walk-through's second numerical_diff (h = 0.0001) alone.",
    {"gradient.numerical_diff": "walkthrough"},
    {},
)
entry(
    "diff_book_bad_example",
    "single",
    "The book's §4.3.1 'bad example' (h = 10e-50, forward difference; reconstructed).",
    {"gradient.numerical_diff": "book_bad_example"},
    {
        "numerical_diff": (["diff_tiny_h"], ["diff_tiny_h"]),
        "tangent_line": (["upstream:numerical_diff"], []),
        "plot_tangent": (["upstream:numerical_diff"], ["upstream:tangent_line"]),
    },
)
entry(
    "tangent_gradient_2d",
    "single",
    "The tangent_line of gradient_2d.py (on the slides too), numerical_gradient on a scalar x.",
    {"gradient.tangent_line": "gradient_2d"},
    {"tangent_line": (["tangent_uses_gradient"], []), "plot_tangent": (["upstream:tangent_line"], [])},
)
entry(
    "ng_book_ja",
    "single",
    "The book's common/gradient.py numerical_gradient (ja) alone.",
    {"gradient.numerical_gradient": "book_ja"},
    {"numerical_gradient": (["grad_no_int_check"], [])},
)
entry(
    "ng_book_ko",
    "single",
    "The Korean edition's common/gradient.py numerical_gradient alone.",
    {"gradient.numerical_gradient": "book_ko"},
    {"numerical_gradient": (["grad_no_int_check"], [])},
)
entry(
    "ng_slides_gradient_2d",
    "single",
    "The slides' gradient_2d numerical_gradient (each row a point) alone.",
    {"gradient.numerical_gradient": "slides_gradient_2d"},
    {"numerical_gradient": (["grad_rows_as_points"], [])},
)
entry(
    "ng_walkthrough",
    "single",
    "The walk-through's 1-D numerical_gradient (the book's §4.4 listing) alone.",
    {"gradient.numerical_gradient": "walkthrough"},
    {
        "numerical_gradient": (["grad_walkthrough_1d"], ["grad_1d_only"]),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "gd_book",
    "single",
    "The book's gradient_descent (gradient_method.py; slides) alone.",
    {"gradient.gradient_descent": "book_ja"},
    {"gradient_descent": (["gd_modifies_init_x"], [])},
)
entry(
    "gd_walkthrough",
    "single",
    "The walk-through's gradient_descent (returns x only) alone.",
    {"gradient.gradient_descent": "walkthrough"},
    {"gradient_descent": (["gd_no_history"], [])},
)
entry(
    "accuracy_book",
    "single",
    "The book's TwoLayerNet.accuracy alone.",
    {"two_layer_net.TwoLayerNet.accuracy": "book_ja"},
    {"two_layer_net_accuracy": (["accuracy_one_hot_only"], [])},
)
entry(
    "bp_book_ja",
    "single",
    "The book's TwoLayerNet.gradient (ja) alone.",
    {"two_layer_net.TwoLayerNet.gradient": "book_ja"},
    {"two_layer_net_gradient": (["bp_one_hot_only"], [])},
)
entry(
    "bp_book_ko",
    "single",
    "The Korean edition's TwoLayerNet.gradient alone.",
    {"two_layer_net.TwoLayerNet.gradient": "book_ko"},
    {"two_layer_net_gradient": (["bp_one_hot_only"], [])},
)
entry(
    "tln_book_rest",
    "correct",
    "The book's TwoLayerNet __init__, predict, loss and numerical_gradient, and simpleNet: correct.",
    {
        "two_layer_net.TwoLayerNet.__init__": "book_ja",
        "two_layer_net.TwoLayerNet.predict": "book_ja",
        "two_layer_net.TwoLayerNet.loss": "book_ja",
        "two_layer_net.TwoLayerNet.numerical_gradient": "book_ja",
        "simple_net.SimpleNet.predict": "book_ja",
        "simple_net.SimpleNet.loss": "book_ja",
    },
    {},
)
entry(
    "field_slides",
    "single",
    "The slides' gradient field (np.array([X, Y]), ko) alone, with the kit's numerical_gradient.",
    {"plots.plot_gradient_field": "slides"},
    {"plot_gradient_field": (["plot_field_book_way"], [])},
)
entry(
    "field_book_ja",
    "single",
    "The ja gradient_2d.py field (np.array([X, Y]).T) alone.",
    {"plots.plot_gradient_field": "book_ja"},
    {"plot_gradient_field": (["plot_field_book_way"], [])},
)
entry(
    "field_function_2_gradient_method",
    "single",
    "gradient_method.py's function_2 (x[0]**2 + x[1]**2) in place of the given helper, the reference field.",
    {"gradient.function_2": "gradient_method"},
    {"plot_gradient_field": (["field_function_2_one_point"], [])},
)
entry(
    "plot_tangent_hardcoded",
    "single",
    "The slides'/book's tangent script pasted as is (function_1 at 5).",
    {"plots.plot_tangent": "slides_hardcoded"},
    {},
)
entry(
    "plot_tangent_f_only",
    "single",
    "The walk-through's figure of f alone as plot_tangent.",
    {"plots.plot_tangent": "walkthrough_f_only"},
    {"plot_tangent": (["plot_tangent_no_tangent"], [])},
)
entry(
    "field_function_2_gradient_2d",
    "correct",
    "gradient_2d.py's function_2 (axis=1) in place of the given helper: the same.",
    {"gradient.function_2": "gradient_2d"},
    {},
)
entry(
    "plot_path_recomputed",
    "single",
    "The slides'/book's descent-path script pasted as is (runs its own descent).",
    {"plots.plot_descent_path": "slides_recomputed"},
    {},
)
entry(
    "plot_training_loss_curve",
    "single",
    "The ko train_neuralnet.py plot (loss per iteration) as plot_training.",
    {"plots.plot_training": "book_ko_loss_curve"},
    {"plot_training": (["plot_training_loss_curve"], [])},
)
entry(
    "plots_slides",
    "correct",
    "The slides' tangent, path and training figures adapted to the Axes: correct.",
    {"plots.plot_tangent": "slides", "plots.plot_descent_path": "slides", "plots.plot_training": "slides"},
    {},
)
entry(
    "slip_sse_one_hot_only",
    "slip",
    "SSE with the batch mean but no label-index t.",
    {"functions.sum_squares_error": "one_hot_only"},
    {"sum_squares_error": (["sse_one_hot_only"], [])},
)
entry(
    "slip_sse_np_mean",
    "slip",
    "SSE as 0.5*np.mean((y - t)**2).",
    {"functions.sum_squares_error": "np_mean"},
    {"sum_squares_error": (["sse_np_mean", "sse_one_hot_only"], [])},
)
entry(
    "slip_sse_divides_single",
    "slip",
    "SSE divided by y.shape[0] for one example too.",
    {"functions.sum_squares_error": "divides_single"},
    {"sum_squares_error": (["sse_divides_single"], [])},
)
entry(
    "slip_ce_no_batch_mean",
    "slip",
    "The kit's mutant ce_no_batch_mean alone: the issue's cascade example.",
    {"functions.cross_entropy_error": "no_batch_mean"},
    {
        "cross_entropy_error": (["ce_no_batch_mean"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "slip_ce_delta_outside_log",
    "slip",
    "CE with np.log(y) + delta.",
    {"functions.cross_entropy_error": "delta_outside_log"},
    {"cross_entropy_error": (["ce_no_delta"], ["ce_no_delta"])},
)
entry(
    "slip_ce_mean_over_classes",
    "slip",
    "CE as -np.mean(t * np.log(y + 1e-7)).",
    {"functions.cross_entropy_error": "mean_over_classes"},
    {
        "cross_entropy_error": (["ce_mean_over_classes"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "slip_diff_precedence",
    "slip",
    "numerical_diff with / 2*h.",
    {"gradient.numerical_diff": "precedence"},
    {
        "numerical_diff": (["diff_precedence"], []),
        "tangent_line": (["upstream:numerical_diff"], []),
        "plot_tangent": (["upstream:numerical_diff"], ["upstream:tangent_line"]),
    },
)
entry(
    "slip_diff_no_two",
    "slip",
    "numerical_diff with / h for the central difference.",
    {"gradient.numerical_diff": "no_two"},
    {
        "numerical_diff": (["diff_no_two"], []),
        "tangent_line": (["upstream:numerical_diff"], []),
        "plot_tangent": (["upstream:numerical_diff"], ["upstream:tangent_line"]),
    },
)
entry(
    "slip_tangent_intercept_sign",
    "slip",
    "tangent_line with y = f(x) + d*x.",
    {"gradient.tangent_line": "intercept_sign"},
    {
        "tangent_line": (["tangent_intercept_sign"], ["tangent_intercept"]),
        "plot_tangent": (["upstream:tangent_line"], []),
    },
)
entry(
    "slip_grad_forward",
    "slip",
    "numerical_gradient with a forward difference.",
    {"gradient.numerical_gradient": "forward"},
    {
        "numerical_gradient": (["grad_forward"], []),
        "gradient_descent": (["upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "slip_grad_converts_int",
    "slip",
    "numerical_gradient converting an integer x to float.",
    {"gradient.numerical_gradient": "converts_int"},
    {"numerical_gradient": (["grad_converts_int"], [])},
)
entry(
    "slip_grad_wrong_exception",
    "slip",
    "numerical_gradient raising ValueError for integer x.",
    {"gradient.numerical_gradient": "wrong_exception"},
    {"numerical_gradient": (["grad_wrong_exception"], [])},
)
entry(
    "slip_gd_history_no_copy",
    "slip",
    "gradient_descent recording x without copy.",
    {"gradient.gradient_descent": "history_no_copy"},
    {"gradient_descent": (["gd_history_no_copy"], [])},
)
entry(
    "slip_gd_slice_view",
    "slip",
    "gradient_descent starting from init_x[:] (a view).",
    {"gradient.gradient_descent": "slice_view"},
    {"gradient_descent": (["gd_modifies_init_x"], [])},
)
entry(
    "slip_net_predict_order",
    "slip",
    "SimpleNet.predict as np.dot(self.W, x).",
    {"simple_net.SimpleNet.predict": "w_first"},
    {
        "simple_net_predict": (["net_predict_order"], []),
        "simple_net_loss": (["upstream:simple_net_predict"], []),
        "simple_net_gradient": (["upstream:simple_net_predict"], []),
    },
)
entry(
    "slip_init_uniform",
    "slip",
    "TwoLayerNet.__init__ with np.random.rand.",
    {"two_layer_net.TwoLayerNet.__init__": "uniform"},
    {"two_layer_net_init": (["init_uniform"], [])},
)
entry(
    "slip_predict_no_bias",
    "slip",
    "TwoLayerNet.predict without the biases.",
    {"two_layer_net.TwoLayerNet.predict": "no_bias"},
    {
        "two_layer_net_predict": (["predict_no_bias"], []),
        "two_layer_net_loss": (["upstream:two_layer_net_predict"], []),
        "two_layer_net_accuracy": (["upstream:two_layer_net_predict"], []),
        "two_layer_net_numerical_gradient": (["upstream:two_layer_net_predict"], []),
    },
)
entry(
    "slip_loss_softmax_twice",
    "slip",
    "TwoLayerNet.loss applying softmax again.",
    {"two_layer_net.TwoLayerNet.loss": "softmax_twice"},
    {
        "two_layer_net_loss": (["loss_softmax_twice"], []),
        "two_layer_net_numerical_gradient": (["upstream:two_layer_net_loss"], []),
    },
)
entry(
    "slip_ngrad_param_copy",
    "slip",
    "TwoLayerNet.numerical_gradient on copies of the parameters.",
    {"two_layer_net.TwoLayerNet.numerical_gradient": "param_copy"},
    {"two_layer_net_numerical_gradient": (["ngrad_param_copy"], [])},
)
entry(
    "slip_ngrad_calls_method",
    "slip",
    "TwoLayerNet.numerical_gradient calling self.numerical_gradient.",
    {"two_layer_net.TwoLayerNet.numerical_gradient": "calls_method"},
    {"two_layer_net_numerical_gradient": (["ngrad_calls_method"], [])},
)
entry(
    "slip_plot_path_rows",
    "slip",
    "plot_descent_path with x_history[0], x_history[1], and no axis names.",
    {"plots.plot_descent_path": "rows"},
    {"plot_descent_path": (["plot_path_rows", "plot_path_unnamed_axes"], [])},
)
entry(
    "slip_plot_training_no_legend",
    "slip",
    "The slides' training plot without legend.",
    {"plots.plot_training": "no_legend"},
    {"plot_training": (["plot_training_no_legend"], [])},
)
entry(
    "two_sse_no_half_no_batch_mean",
    "two",
    "SSE: no 0.5 and no batch mean.",
    {"functions.sum_squares_error": "no_half_no_batch_mean"},
    {"sum_squares_error": (["sse_no_half", "sse_no_batch_mean"], [])},
)
entry(
    "two_sse_typo_one_hot_only",
    "two",
    "SSE: the slides' typo and no label t.",
    {"functions.sum_squares_error": "slide_typo_one_hot_only"},
    {"sum_squares_error": (["sse_slide_typo", "sse_one_hot_only"], [])},
)
entry(
    "two_sse_book_no_half",
    "two",
    "The book's single-example SSE without 0.5.",
    {"functions.sum_squares_error": "book_no_half"},
    {"sum_squares_error": (["sse_book_single_example", "sse_no_half"], [])},
)
entry(
    "two_ce_no_delta_no_batch_mean",
    "two",
    "CE: no delta and no batch mean (the issue's example).",
    {"functions.cross_entropy_error": "no_delta_no_batch_mean"},
    {
        "cross_entropy_error": (["ce_no_delta", "ce_no_batch_mean"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "two_ce_one_hot_only_no_delta",
    "two",
    "CE: one-hot only and no delta.",
    {"functions.cross_entropy_error": "one_hot_only_no_delta"},
    {
        "cross_entropy_error": (["ce_one_hot_only", "ce_no_delta"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "two_ce_book_single_no_delta",
    "two",
    "The book's §4.2.2 CE without delta (= the slides' formula).",
    {"functions.cross_entropy_error": "book_single_no_delta"},
    {
        "cross_entropy_error": (["ce_book_single_example", "ce_no_delta"], ["ce_book_single_example", "ce_no_delta"]),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "two_diff_forward_tiny_h",
    "two",
    "numerical_diff: forward difference with h = 1e-50.",
    {"gradient.numerical_diff": "forward_tiny_h"},
    {
        "numerical_diff": (["diff_forward", "diff_tiny_h"], ["diff_tiny_h"]),
        "tangent_line": (["upstream:numerical_diff"], []),
        "plot_tangent": (["upstream:numerical_diff"], ["upstream:tangent_line"]),
    },
)
entry(
    "two_diff_forward_tangent_intercept",
    "two",
    "Upstream diff_forward and downstream tangent_intercept.",
    {"gradient.numerical_diff": "forward", "gradient.tangent_line": "intercept"},
    {
        "numerical_diff": (["diff_forward"], []),
        "tangent_line": (["tangent_intercept", "upstream:numerical_diff"], []),
        "plot_tangent": (["upstream:numerical_diff", "upstream:tangent_line"], []),
    },
)
entry(
    "two_tangent_gradient_2d_diff_forward",
    "two",
    "diff_forward, and gradient_2d's tangent_line (which does not call numerical_diff).",
    {"gradient.numerical_diff": "forward", "gradient.tangent_line": "gradient_2d"},
    {
        "numerical_diff": (["diff_forward"], []),
        "tangent_line": (["tangent_uses_gradient"], []),
        "plot_tangent": (["upstream:tangent_line"], []),
    },
)
entry(
    "two_grad_walkthrough_no_restore",
    "two",
    "The walk-through's 1-D gradient without the restore line.",
    {"gradient.numerical_gradient": "walkthrough_no_restore"},
    {
        "numerical_gradient": (["grad_walkthrough_1d", "grad_no_restore"], []),
        "gradient_descent": (["upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_slides_2d_forward",
    "two",
    "The slides' gradient_2d with a forward difference.",
    {"gradient.numerical_gradient": "slides_gradient_2d_forward"},
    {
        "numerical_gradient": (["grad_rows_as_points", "grad_forward"], []),
        "gradient_descent": (["upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_book_no_restore",
    "two",
    "The book's nditer gradient without the restore line.",
    {"gradient.numerical_gradient": "book_no_restore"},
    {
        "numerical_gradient": (["grad_no_int_check", "grad_no_restore"], []),
        "gradient_descent": (["upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_book_copies_x",
    "two",
    "The book's nditer gradient perturbing a copy.",
    {"gradient.numerical_gradient": "book_copies_x"},
    {
        "numerical_gradient": (["grad_no_int_check", "grad_copies_x"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_book_forward",
    "two",
    "The book's nditer gradient with a forward difference.",
    {"gradient.numerical_gradient": "book_forward"},
    {
        "numerical_gradient": (["grad_no_int_check", "grad_forward"], []),
        "gradient_descent": (["upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_gd_book_history_after_step",
    "two",
    "The book's gradient_descent recording after the step (the issue's example).",
    {"gradient.gradient_descent": "book_history_after_step"},
    {"gradient_descent": (["gd_modifies_init_x", "gd_history_after_step"], [])},
)
entry(
    "two_gd_book_history_no_copy",
    "two",
    "The book's gradient_descent recording x without copy.",
    {"gradient.gradient_descent": "book_history_no_copy"},
    {"gradient_descent": (["gd_modifies_init_x", "gd_history_no_copy"], [])},
)
entry(
    "two_gd_book_wrong_sign",
    "two",
    "The book's gradient_descent with +=.",
    {"gradient.gradient_descent": "book_wrong_sign"},
    {"gradient_descent": (["gd_modifies_init_x", "gd_wrong_sign"], [])},
)
entry(
    "two_grad_no_restore_gd_after_step",
    "two",
    "Upstream grad_no_restore, downstream gd_history_after_step.",
    {"gradient.numerical_gradient": "no_restore", "gradient.gradient_descent": "history_after_step"},
    {
        "numerical_gradient": (["grad_no_restore"], []),
        "gradient_descent": (["gd_history_after_step", "upstream:numerical_gradient"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_walkthrough_gd_walkthrough",
    "two",
    "The walk-through's numerical_gradient and gradient_descent.",
    {"gradient.numerical_gradient": "walkthrough", "gradient.gradient_descent": "walkthrough"},
    {
        "numerical_gradient": (["grad_walkthrough_1d"], []),
        "gradient_descent": (["gd_no_history"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
# The copies are masked: on 2-D weights the walk-through's 1-D loop raises IndexError on a copy as on
# the original, so the outcome is what correct code gives on that numerical_gradient (kept; the copy
# shows once numerical_gradient is fixed).
entry(
    "two_grad_walkthrough_ngrad_copy",
    "two",
    "Upstream: the walk-through's 1-D gradient; downstream: TwoLayerNet.numerical_gradient on copies.",
    {"gradient.numerical_gradient": "walkthrough", "two_layer_net.TwoLayerNet.numerical_gradient": "param_copy"},
    {
        "numerical_gradient": (["grad_walkthrough_1d"], []),
        "simple_net_gradient": (["upstream:numerical_gradient"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
        "plot_gradient_field": (["upstream:numerical_gradient"], []),
    },
)
entry(
    "two_grad_copies_x_net_loss_no_softmax",
    "two",
    "Upstream grad_copies_x, and simpleNet's loss without softmax.",
    {"gradient.numerical_gradient": "copies_x", "simple_net.SimpleNet.loss": "no_softmax"},
    {
        "numerical_gradient": (["grad_copies_x"], []),
        "simple_net_loss": (["net_loss_no_softmax"], []),
        "simple_net_gradient": (["upstream:numerical_gradient", "upstream:simple_net_loss"], []),
        "two_layer_net_numerical_gradient": (["upstream:numerical_gradient"], []),
    },
)
# Without softmax the log of raw scores is nan whatever the batch mean: the upstream mistake changes
# nothing here, so no pointer is owed (one is accepted).
entry(
    "two_ce_no_batch_mean_net_loss_no_softmax",
    "two",
    "Upstream ce_no_batch_mean, downstream net_loss_no_softmax.",
    {"functions.cross_entropy_error": "no_batch_mean", "simple_net.SimpleNet.loss": "no_softmax"},
    {
        "cross_entropy_error": (["ce_no_batch_mean"], []),
        "simple_net_loss": (["net_loss_no_softmax"], ["upstream:cross_entropy_error"]),
        "simple_net_gradient": (["upstream:simple_net_loss", "upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "two_ce_one_hot_bp_one_hot",
    "two",
    "One-hot only twice: the book's §4.2.4 one-hot CE and the book's backprop.",
    {"functions.cross_entropy_error": "book_batch_one_hot", "two_layer_net.TwoLayerNet.gradient": "book_ja"},
    {
        "cross_entropy_error": (["ce_one_hot_only"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
    },
)
entry(
    "two_predict_no_softmax_ce_no_delta",
    "two",
    "predict without softmax, and CE without delta.",
    {"two_layer_net.TwoLayerNet.predict": "no_softmax", "functions.cross_entropy_error": "no_delta"},
    {
        "cross_entropy_error": (["ce_no_delta"], []),
        "two_layer_net_predict": (["predict_no_softmax"], []),
        "two_layer_net_loss": (["upstream:two_layer_net_predict"], []),
        "two_layer_net_numerical_gradient": (["upstream:two_layer_net_predict"], []),
    },
)
entry(
    "two_predict_no_softmax_loss_softmax",
    "two",
    "predict without softmax and loss applying softmax: the loss comes out right.",
    {"two_layer_net.TwoLayerNet.predict": "no_softmax", "two_layer_net.TwoLayerNet.loss": "softmax_twice"},
    {"two_layer_net_predict": (["predict_no_softmax"], [])},
)
entry(
    "two_bp_no_batch_mean_sigmoid_z1",
    "two",
    "Backprop: no batch mean and sigmoid_grad(z1).",
    {"two_layer_net.TwoLayerNet.gradient": "no_batch_mean_sigmoid_grad_of_z1"},
    {"two_layer_net_gradient": (["bp_no_batch_mean", "bp_sigmoid_grad_of_z1"], [])},
)
entry(
    "two_bp_book_no_batch_mean",
    "two",
    "The book's backprop without the batch mean.",
    {"two_layer_net.TwoLayerNet.gradient": "book_no_batch_mean"},
    {"two_layer_net_gradient": (["bp_one_hot_only", "bp_no_batch_mean"], [])},
)
entry(
    "two_bp_book_bias_axis",
    "two",
    "The book's backprop with the biases summed over axis=1.",
    {"two_layer_net.TwoLayerNet.gradient": "book_bias_axis"},
    {"two_layer_net_gradient": (["bp_one_hot_only", "bp_bias_axis"], [])},
)
entry(
    "two_bp_book_sigmoid_z1",
    "two",
    "The book's backprop with sigmoid_grad(z1).",
    {"two_layer_net.TwoLayerNet.gradient": "book_sigmoid_grad_of_z1"},
    {"two_layer_net_gradient": (["bp_one_hot_only", "bp_sigmoid_grad_of_z1"], [])},
)
entry(
    "two_accuracy_book_count",
    "two",
    "The book's accuracy without the division.",
    {"two_layer_net.TwoLayerNet.accuracy": "book_count"},
    {"two_layer_net_accuracy": (["accuracy_one_hot_only", "accuracy_count"], [])},
)
entry(
    "two_init_uniform_no_std",
    "two",
    "__init__ with np.random.rand and no std.",
    {"two_layer_net.TwoLayerNet.__init__": "uniform_no_std"},
    {"two_layer_net_init": (["init_uniform", "init_no_std"], [])},
)
# The slides' field raises with the kit's numerical_gradient before any arrow is drawn: uphill cannot show.
entry(
    "two_field_slides_uphill",
    "two",
    "The slides' field drawn uphill.",
    {"plots.plot_gradient_field": "slides_uphill"},
    {"plot_gradient_field": (["plot_field_book_way"], [])},
)
entry(
    "two_sse_slides_ce_book_single",
    "two",
    "Both loss functions for one example: the slides' SSE and the book's §4.2.2 CE.",
    {"functions.sum_squares_error": "slides", "functions.cross_entropy_error": "book_single"},
    {
        "sum_squares_error": (["sse_slides_code"], []),
        "cross_entropy_error": (["ce_book_single_example"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
)
entry(
    "correct_mix_1",
    "correct",
    "Correct code written differently in every file (no hint anywhere).",
    {
        "functions.sum_squares_error": "eye_reshape",
        "functions.cross_entropy_error": "mean_of_picked",
        "gradient.numerical_diff": "walkthrough",
        "gradient.tangent_line": "gradient_via_array",
        "gradient.numerical_gradient": "ndindex_kind_check",
        "gradient.gradient_descent": "book_copy",
        "two_layer_net.TwoLayerNet.accuracy": "mean_ndim",
        "two_layer_net.TwoLayerNet.numerical_gradient": "loop_keys",
        "two_layer_net.TwoLayerNet.gradient": "book_z1_derivative",
        "plots.plot_gradient_field": "per_point",
        "plots.plot_tangent": "slides",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {},
)
entry(
    "correct_mix_2",
    "correct",
    "More correct variants: SSE by row means, the ko gradient with the kit's TypeError.",
    {
        "functions.sum_squares_error": "square_rows_mean",
        "gradient.numerical_gradient": "book_ko_with_check",
        "functions.cross_entropy_error": "book_ko",
    },
    {},
)
entry(
    "correct_mix_1_in_exercises",
    "correct",
    "correct_mix_1 typed into the stubs of exercises/.",
    {
        "functions.sum_squares_error": "eye_reshape",
        "functions.cross_entropy_error": "mean_of_picked",
        "gradient.numerical_diff": "walkthrough",
        "gradient.tangent_line": "gradient_via_array",
        "gradient.numerical_gradient": "ndindex_kind_check",
        "gradient.gradient_descent": "book_copy",
        "two_layer_net.TwoLayerNet.accuracy": "mean_ndim",
        "two_layer_net.TwoLayerNet.numerical_gradient": "loop_keys",
        "two_layer_net.TwoLayerNet.gradient": "book_z1_derivative",
        "plots.plot_gradient_field": "per_point",
        "plots.plot_tangent": "slides",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {},
    base="exercises-filled",
)
entry(
    "train_slides_full",
    "training",
    "The whole slides submission, with training.",
    {
        "functions.sum_squares_error": "slides",
        "gradient.numerical_diff": "slides",
        "gradient.tangent_line": "slides",
        "gradient.numerical_gradient": "slides_gradient_2d",
        "gradient.gradient_descent": "slides",
        "simple_net.SimpleNet.predict": "slides",
        "simple_net.SimpleNet.loss": "slides",
        "two_layer_net.TwoLayerNet.__init__": "slides",
        "two_layer_net.TwoLayerNet.predict": "slides",
        "two_layer_net.TwoLayerNet.loss": "slides",
        "two_layer_net.TwoLayerNet.accuracy": "slides",
        "two_layer_net.TwoLayerNet.numerical_gradient": "slides",
        "two_layer_net.TwoLayerNet.gradient": "slides",
        "train.train": "slides",
        "plots.plot_tangent": "slides",
        "plots.plot_gradient_field": "slides",
        "plots.plot_descent_path": "slides",
        "plots.plot_training": "slides",
    },
    {
        "sum_squares_error": (["sse_slides_code"], []),
        "numerical_gradient": (["grad_rows_as_points"], []),
        "gradient_descent": (["gd_modifies_init_x"], []),
        "two_layer_net_accuracy": (["accuracy_one_hot_only"], []),
        "two_layer_net_gradient": (["bp_one_hot_only"], []),
    },
    training=True,
)
entry(
    "train_bp_no_batch_mean",
    "training",
    "Upstream bp_no_batch_mean: train() right, its gradients N=100 times too large.",
    {"two_layer_net.TwoLayerNet.gradient": "no_batch_mean"},
    {
        "two_layer_net_gradient": (["bp_no_batch_mean"], []),
        "train": (["upstream:two_layer_net_gradient"], ["train_wrong_sign"]),
    },
    training=True,
)
entry(
    "train_ce_no_batch_mean",
    "training",
    "Upstream ce_no_batch_mean: train() right, its recorded losses ×100.",
    {"functions.cross_entropy_error": "no_batch_mean"},
    {
        "cross_entropy_error": (["ce_no_batch_mean"], []),
        "simple_net_loss": (["upstream:cross_entropy_error"], []),
        "simple_net_gradient": (["upstream:cross_entropy_error"], []),
        "two_layer_net_loss": (["upstream:cross_entropy_error"], []),
        "two_layer_net_numerical_gradient": (["upstream:cross_entropy_error"], []),
    },
    training=True,
)


# ==================================================================================================
# Added with the catalogue's combinations: slips on the lecture's versions, more whole submissions
# ==================================================================================================
SSE, CE, ND, TL, NG, GD = ("functions.sum_squares_error", "functions.cross_entropy_error", "gradient.numerical_diff",
                           "gradient.tangent_line", "gradient.numerical_gradient", "gradient.gradient_descent")
SNP, SNL = "simple_net.SimpleNet.predict", "simple_net.SimpleNet.loss"
TI, TP, TLS, TA, TN, TG = (f"two_layer_net.TwoLayerNet.{m}" for m in
                           ("__init__", "predict", "loss", "accuracy", "numerical_gradient", "gradient"))
PT, PF, PP, PTR = "plots.plot_tangent", "plots.plot_gradient_field", "plots.plot_descent_path", "plots.plot_training"
BY_ID = {e.id: e for e in CORPUS}


def upstream(task: str, *downstream: str) -> dict:
    return {d: ([f"upstream:{task}"], []) for d in downstream}


def expected(entry_id: str) -> dict:
    return {task: (list(x.causes), list(x.accept)) for task, x in BY_ID[entry_id].failing.items()}


CE_DOWN = ("simple_net_loss", "simple_net_gradient", "two_layer_net_loss", "two_layer_net_numerical_gradient")
NG_DOWN = ("gradient_descent", "simple_net_gradient", "two_layer_net_numerical_gradient", "plot_gradient_field")

entry("walkthrough_in_exercises", "lecture", "The walk-through's code typed into the stubs of exercises/.",
      BY_ID["walkthrough"].choices, expected("walkthrough"), base="exercises-filled")
entry("book_ko_in_exercises", "lecture", "The Korean edition's code typed into the stubs of exercises/.",
      BY_ID["book_ko"].choices, expected("book_ko"), base="exercises-filled")
entry("slides_with_the_books_gradient", "lecture", "The slides' code, with the book's common/gradient.py "
      "numerical_gradient (ko) for the networks: the slides' field then fails.",
      {**BY_ID["slides"].choices, NG: "book_ko"},
      {**expected("slides"), "numerical_gradient": (["grad_no_int_check"], []),
       "plot_gradient_field": (["plot_field_book_way"], [])})
entry("two_grad_rows_no_restore", "two", "The slides' gradient_2d without the restore line.",
      {NG: "slides_gradient_2d_no_restore"},
      {"numerical_gradient": (["grad_rows_as_points", "grad_no_restore"], []), **upstream("numerical_gradient", *NG_DOWN)})
entry("two_bp_book_ja_no_batch_mean", "two", "The ja book's backprop without the batch mean.",
      {TG: "book_ja_no_batch_mean"}, {"two_layer_net_gradient": (["bp_one_hot_only", "bp_no_batch_mean"], [])})
entry("two_ce_walkthrough_no_mean", "two", "The walk-through's one-hot batch CE without the division by the batch.",
      {CE: "book_batch_one_hot_no_mean"},
      # without the division the reshape changes nothing: the code computes what the book's §4.2.2 CE does
      {"cross_entropy_error": (["ce_book_single_example"], ["ce_one_hot_only", "ce_no_batch_mean"]),
       **upstream("cross_entropy_error", *CE_DOWN)})
entry("sse_walkthrough_typo", "two", "The walk-through's single-example SSE with the slides' typo: the slides' code.",
      {SSE: "walkthrough_typo"},
      {"sum_squares_error": (["sse_slides_code"], ["sse_slide_typo", "sse_book_single_example"])})
entry("two_predict_no_bias_no_softmax", "two", "TwoLayerNet.predict without biases and without softmax.",
      {TP: "no_bias_no_softmax"},
      {"two_layer_net_predict": (["predict_no_bias", "predict_no_softmax"], []),
       **upstream("two_layer_net_predict", "two_layer_net_loss", "two_layer_net_accuracy",
                  "two_layer_net_numerical_gradient")})
entry("slip_plot_tangent_no_labels", "slip", "The slides' tangent figure without axis names.", {PT: "slides_no_labels"},
      {"plot_tangent": (["plot_tangent_unnamed_axes"], [])})
entry("slip_plot_path_no_labels", "slip", "The slides' descent path without axis names.", {PP: "slides_no_labels"},
      {"plot_descent_path": (["plot_path_unnamed_axes"], [])})
entry("two_plot_training_no_legend_no_labels", "two", "The training figure without legend and axis names.",
      {PTR: "no_legend_no_labels"},
      {"plot_training": (["plot_training_no_legend", "plot_training_unnamed_axes"], [])})
entry("two_field_function_2_uphill", "two", "gradient_method.py's function_2 in place of the given one, and +grad.",
      {"gradient.function_2": "gradient_method", PF: "uphill_kit_way"},
      {"plot_gradient_field": (["field_function_2_one_point", "plot_uphill"], [])})
entry("slip_diff_walkthrough_forward", "slip", "The walk-through's numerical_diff as a forward difference.",
      {ND: "walkthrough_forward"},
      {"numerical_diff": (["diff_forward"], []), **upstream("numerical_diff", "tangent_line", "plot_tangent")})
entry("two_diff_no_two_tangent_intercept", "two", "numerical_diff divided by h, and tangent_line's intercept f(x).",
      {ND: "walkthrough_no_two", TL: "intercept"},
      {"numerical_diff": (["diff_no_two"], []),
       "tangent_line": (["tangent_intercept", "upstream:numerical_diff"], []),
       "plot_tangent": (["upstream:numerical_diff", "upstream:tangent_line"], [])})
entry("two_gd_walkthrough_copy", "two", "The walk-through's gradient_descent from a copy: x alone returned.",
      {GD: "walkthrough_copy"}, {"gradient_descent": (["gd_returns_x_only"], [])})
entry("two_ngrad_calls_method_ce_no_mean", "two", "Upstream ce_no_batch_mean, and TwoLayerNet.numerical_gradient "
      "calling itself (which fails whatever the loss is).", {TN: "calls_method", CE: "no_batch_mean"},
      {"cross_entropy_error": (["ce_no_batch_mean"], []),
       **upstream("cross_entropy_error", "simple_net_loss", "simple_net_gradient", "two_layer_net_loss"),
       "two_layer_net_numerical_gradient": (["ngrad_calls_method"], [])})
BOOK_FIXED = {SSE: "eye_reshape", CE: "book_ja", ND: "book_ja", TL: "book_ja", NG: "book_ko_with_check", GD: "book_copy",
              SNP: "book_ja", SNL: "book_ja", TI: "book_ja", TP: "book_ja", TLS: "book_ja", TA: "labels_by_ndim",
              TN: "book_ja", TG: "book_labels_fixed", PT: "slides", PF: "slides_kit_way", PP: "slides", PTR: "slides"}
entry("correct_book_fixed", "correct", "The book's code with every extension of the kit added, written the book's way.",
      BOOK_FIXED)
entry("correct_book_fixed_in_exercises", "correct", "correct_book_fixed typed into the stubs of exercises/.",
      BOOK_FIXED, base="exercises-filled")
