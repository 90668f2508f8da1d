"""The conventions every notebook follows (notebooks/template.ipynb shows them on a small example).

What a program can check is checked here: the layout (title, what you will learn, Setup, What we
saw, Exercises), the Setup cell, figures, and that a notebook reads no repository file and downloads
nothing, so it runs alone in Colab and offline in the build (where the network is also blocked:
hooks/offline). The notebook's own asserts check its results when the build executes it. Each
check is itself tested on the template with a mistake planted in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
SITE_URL = "https://side-by-side-dl.github.io/side-by-side/"

# Code that reads from the repository or from the network. A notebook in Colab has no repository
# around it, and the build has no network.
READS_FILES = {
    "open() of a literal path": re.compile(r"\bopen\(\s*[rfb]*['\"]"),
    "a relative path": re.compile(r"['\"]\.\.?/"),
    "a data file loader": re.compile(r"\b(read_csv|read_json|read_parquet|loadtxt|genfromtxt|fromfile|np\.load|read_text|read_bytes)\("),
}
DOWNLOADS = {
    "a network library": re.compile(r"\b(urllib|requests\.|httpx|wget|curl)\b"),
    "a dataset downloader": re.compile(r"\b(keras\.datasets|torchvision\.datasets|tfds\.load|fetch_\w+|get_file|load_dataset)\b"),
    "a model hub": re.compile(r"\b(torch\.hub|hub\.load|from_pretrained|kagglehub|hf_hub_download|snapshot_download)\b"),
    "a shell command": re.compile(r"^\s*!", re.MULTILINE),
}
COLAB_OWN = re.compile(r"['\"](torch|tensorflow|tensorflow-cpu|keras|numpy)\s*[=<>~]=")


def load(path: Path):
    return nbformat.read(path, as_version=4)


def headings(nb) -> list[tuple[int, str]]:
    """(cell index, heading text) of every level-2 heading in Markdown cells."""
    return [
        (i, m[1].strip())
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for m in re.finditer(r"^## (.+)$", cell.source, re.MULTILINE)
    ]


def section(nb, title: str) -> list:
    """The cells from the heading `## title` up to the next level-2 heading."""
    found = headings(nb)
    starts = [i for i, text in found if text == title]
    assert starts, f"no '## {title}' heading"
    later = [i for i, _ in found if i > starts[0]]
    return nb.cells[starts[0] : later[0] if later else len(nb.cells)]


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def ids(paths):
    return [p.name for p in paths]


def opens_with_a_title_and_what_you_will_learn(path: Path, nb) -> None:
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), f"{path.name}: cell 1 must be '# Title'"
    assert "## What you will learn" in first.source, f"{path.name}: cell 1 needs '## What you will learn'"
    learn = first.source.split("## What you will learn", 1)[1]
    bullets = re.findall(r"^- ", learn, re.MULTILINE)
    assert 3 <= len(bullets) <= 5, f"{path.name}: 'What you will learn' has {len(bullets)} bullets, not 3 to 5"


def setup_cell_seeds_silences_and_prints_versions_and_device(path: Path, nb) -> None:
    cells = section(nb, "Setup")
    setup = next((c.source for c in cells if c.cell_type == "code"), "")
    assert setup, f"{path.name}: the Setup section has no code cell"
    for needed in ("sys.version", "torch.__version__", "tf.__version__", "keras.__version__", "np.__version__"):
        assert f"print(" in setup and needed in setup, f"{path.name}: the Setup cell must print {needed}"
    assert re.search(r'device = "cuda" if torch\.cuda\.is_available\(\) else "cpu"', setup), (
        f"{path.name}: the Setup cell must pick `device` (GPU when present)"
    )
    assert "torch.manual_seed(" in setup, f"{path.name}: the Setup cell must seed PyTorch"
    assert "tf.random.set_seed(" in setup or "keras.utils.set_random_seed(" in setup, f"{path.name}: seed TensorFlow"
    silence = setup.find('os.environ["TF_CPP_MIN_LOG_LEVEL"]')
    assert 0 <= silence < setup.find("import tensorflow"), (
        f"{path.name}: set TF_CPP_MIN_LOG_LEVEL before importing TensorFlow, or its log lines reach the page"
    )


def reads_no_repository_file_and_downloads_nothing(path: Path, nb) -> None:
    for number, cell in enumerate(code_cells(nb), start=1):
        for rules in (READS_FILES, DOWNLOADS):
            for what, pattern in rules.items():
                hit = pattern.search(cell.source)
                assert not hit, f"{path.name}, code cell {number}: {what} ({hit[0]!r}); notebooks run alone in Colab and offline in the build"


def installs_only_in_colab_and_never_replaces_colab_packages(path: Path, nb) -> None:
    for number, cell in enumerate(code_cells(nb), start=1):
        assert not re.search(r"^\s*[%!]\s*pip", cell.source, re.MULTILINE), (
            f"{path.name}, code cell {number}: install through COLAB_LACKS in the Setup cell (see the template), not %pip"
        )
        if re.search(r"\bpip\b.*\binstall\b", cell.source):
            assert '"google.colab" in sys.modules' in cell.source, f"{path.name}, code cell {number}: install only in Colab"
        hit = COLAB_OWN.search(cell.source)
        assert not hit, f"{path.name}, code cell {number}: never pin {hit[1]}: it would replace Colab's own version"


def what_colab_installs_is_what_the_build_ran(path: Path, nb) -> None:
    """Colab gets the versions the build executed the notebook with, pinned in requirements.txt."""
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    setup = next(c for c in section(nb, "Setup") if c.cell_type == "code")
    for package, version in re.findall(r"['\"]([A-Za-z0-9_.-]+)==([^'\"]+)['\"]", setup.source):
        assert pinned.get(package) == version, (
            f"{path.name}: COLAB_LACKS pins {package}=={version}, requirements.txt has {pinned.get(package, 'no pin')}"
        )


def figures_have_a_title_axis_labels_a_white_background_and_a_description(path: Path, nb) -> None:
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or "plt.show()" not in cell.source:
            continue
        where = f"{path.name}, cell {i + 1}"
        assert "set_title(" in cell.source or "suptitle(" in cell.source, f"{where}: a figure needs a title"
        assert "set_xlabel(" in cell.source and "set_ylabel(" in cell.source, f"{where}: label both axes"
        assert 'set_facecolor("white")' in cell.source, f"{where}: keep a white figure background for dark mode"
        after = cells[i + 1] if i + 1 < len(cells) else None
        assert after is not None and after.cell_type == "markdown", f"{where}: describe the figure in the next cell"


def ends_with_what_we_saw_and_exercises_with_folded_solutions(path: Path, nb) -> None:
    titles = [text for _, text in headings(nb)]
    assert titles[-2:] == ["What we saw", "Exercises"], f"{path.name}: end with '## What we saw', then '## Exercises'"
    saw = "\n".join(c.source for c in section(nb, "What we saw") if c.cell_type == "markdown")
    assert f"]({SITE_URL}" in saw, f"{path.name}: 'What we saw' must link the site's page on the topic"
    exercises = "\n".join(c.source for c in section(nb, "Exercises") if c.cell_type == "markdown")
    folded = re.findall(r"<details>\s*<summary>Solution</summary>", exercises)
    assert 2 <= len(folded) <= 4, f"{path.name}: {len(folded)} exercises with a folded solution, not 2 to 4"
    assert exercises.count("<details>") == exercises.count("</details>"), f"{path.name}: unbalanced <details>"


CONVENTIONS = [
    opens_with_a_title_and_what_you_will_learn,
    setup_cell_seeds_silences_and_prints_versions_and_device,
    reads_no_repository_file_and_downloads_nothing,
    installs_only_in_colab_and_never_replaces_colab_packages,
    what_colab_installs_is_what_the_build_ran,
    figures_have_a_title_axis_labels_a_white_background_and_a_description,
    ends_with_what_we_saw_and_exercises_with_folded_solutions,
]


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_follows(path, convention):
    convention(path, load(path))


def replaced(cell_source: str, old: str, new: str) -> str:
    assert old in cell_source, f"the template no longer contains {old!r}: update this test"
    return cell_source.replace(old, new)


def setup_cell(nb):
    return next(c for c in section(nb, "Setup") if c.cell_type == "code")


def figure_cell(source: str):
    return nbformat.v4.new_code_cell(source)


# A mutation of the template, and what the convention checks must then say
PLANTED = {
    "no seed": (lambda nb: setattr(setup_cell(nb), "source", replaced(setup_cell(nb).source, "torch.manual_seed(", "print(")),
                "the Setup cell must seed PyTorch"),
    "a device fixed to the CPU": (lambda nb: setattr(setup_cell(nb), "source", re.sub(r'device = "cuda" if .*', 'device = "cpu"', setup_cell(nb).source)),
                                  "must pick `device`"),
    "a CSV read from the repository": (lambda nb: nb.cells.insert(4, nbformat.v4.new_code_cell('df = pd.read_csv("data/x.csv")')),
                                       "code cell 2: a data file loader"),
    "a dataset download": (lambda nb: nb.cells.insert(4, nbformat.v4.new_code_cell('ds = load_dataset("imdb")')), "a dataset downloader"),
    "%pip": (lambda nb: nb.cells.insert(4, nbformat.v4.new_code_cell("%pip install rich")), "install through COLAB_LACKS"),
    "a figure without a title": (lambda nb: nb.cells.insert(4, figure_cell("fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()")),
                                 "a figure needs a title"),
    "no What we saw": (lambda nb: [setattr(c, "source", c.source.replace("## What we saw", "## Summary")) for c in nb.cells],
                       "end with '## What we saw'"),
    "solutions not folded": (lambda nb: [setattr(c, "source", c.source.replace("<summary>Solution</summary>", "<summary>Answer</summary>"))
                                         for c in nb.cells], "0 exercises with a folded solution, not 2 to 4"),
}


@pytest.mark.parametrize("mutate, message", PLANTED.values(), ids=PLANTED.keys())
def test_the_conventions_catch(mutate, message):
    path = ROOT / "notebooks" / "template.ipynb"
    nb = load(path)
    for convention in CONVENTIONS:
        convention(path, nb)  # the template passes before the mutation
    mutate(nb)
    failures = []
    for convention in CONVENTIONS:
        try:
            convention(path, nb)
        except AssertionError as e:
            failures.append(str(e))
    assert any(message in failure for failure in failures), failures


SETUP_LINK = f"]({SITE_URL}notebooks/template/#setup)"
SETUP_WORDS = 80


def learn_notebooks() -> list[Path]:
    """The course's notebooks, from the Learn section of the navigation."""
    import yaml

    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    learn = next(entry["Learn"] for entry in nav if isinstance(entry, dict) and "Learn" in entry)
    return [ROOT / path for entry in learn for path in entry.values()]


def setup_problem(nb) -> str:
    """'' if a learner meets the idea before the machine settings: a short Setup text that links the
    template's explanation, after '## The idea' when the notebook has one."""
    text = next(c.source for c in section(nb, "Setup") if c.cell_type == "markdown")
    words = len(text.split())
    if words > SETUP_WORDS:
        return f"the Setup text has {words} words, more than {SETUP_WORDS}: explain machine settings in the template's Setup, and link it"
    if SETUP_LINK not in text:
        return f"the Setup text must link what the Setup cell does ({SITE_URL}notebooks/template/#setup)"
    titles = [title for _, title in headings(nb)]
    if "The idea" in titles and titles.index("The idea") > titles.index("Setup"):
        return "'## The idea' must come before '## Setup': a learner meets the idea first"
    return ""


@pytest.mark.parametrize("path", learn_notebooks(), ids=ids(learn_notebooks()))
def test_a_course_notebook_shows_the_idea_before_the_machine_settings(path):
    assert not setup_problem(load(path)), f"{path.name}: {setup_problem(load(path))}"


def test_the_setup_check_catches():
    def nb(*markdown: str):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(m) for m in markdown])

    short = f"## Setup\n\nImports and seeds; see [what the Setup cell does]({SITE_URL}notebooks/template/#setup)."
    assert setup_problem(nb("## The idea\n\nx", short)) == ""
    assert "words" in setup_problem(nb(short + " threads" * SETUP_WORDS))
    assert "must link" in setup_problem(nb("## Setup\n\nImports and seeds."))
    assert "before '## Setup'" in setup_problem(nb(short, "## The idea\n\nx"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_the_build_printed_the_versions(site, path):
    executed = load(ROOT / ".cache" / "notebooks" / "site" / path.relative_to(ROOT))
    setup = next(c for c in section(executed, "Setup") if c.cell_type == "code")
    printed = "".join(o.get("text", "") for o in setup.outputs if o.output_type == "stream")
    for name in ("Python", "PyTorch", "TensorFlow", "Keras", "NumPy"):
        assert re.search(rf"^{name}\s+\d+\.\d+", printed, re.MULTILINE), f"{path.name}: Setup printed no {name} version"
    assert "device" in printed, f"{path.name}: Setup printed no device"
    assert not any(o.output_type == "stream" and o.name == "stderr" for o in setup.outputs), (
        f"{path.name}: the Setup cell wrote to stderr (log lines on the page)"
    )


def test_the_template_is_linked_from_the_contributing_guide():
    assert "notebooks/template.ipynb" in (ROOT / "CONTRIBUTING.md").read_text()


@pytest.mark.parametrize(
    "line",
    [
        'df = pd.read_csv("data/digits.csv")',
        "text = open('notes.txt').read()",
        'X = np.load("../data/X.npy")',
        "(X, y), _ = keras.datasets.mnist.load_data()",
        'ds = torchvision.datasets.MNIST(root, download=True)',
        "X, y = fetch_openml('mnist_784', return_X_y=True)",
        'model = AutoModel.from_pretrained("bert-base-uncased")',
        "!wget https://example.org/data.zip",
        "urllib.request.urlretrieve(url, path)",
        'ds = load_dataset("imdb")',
        'path = hf_hub_download("org/model", "weights.bin")',
        'df = pd.read_json("x.json")',
        'X = np.fromfile("x.bin")',
    ],
)
def test_the_file_and_download_rules_catch(line):
    assert any(p.search(line) for rules in (READS_FILES, DOWNLOADS) for p in rules.values()), line


@pytest.mark.parametrize(
    "line",
    [
        "X, y = make_moons(n_samples=200, noise=0.2, random_state=SEED)",
        "digits = load_digits()",
        "path = os.path.join(tempfile.mkdtemp(), 'model.pt2')",
        "with open(path, 'wb') as f:",
        "loss = loss_fn(model(X), y)",
    ],
)
def test_the_file_and_download_rules_allow(line):
    assert not any(p.search(line) for rules in (READS_FILES, DOWNLOADS) for p in rules.values()), line


@pytest.mark.parametrize("line", ['COLAB_LACKS = {"torch": "torch==2.13.0"}', "'numpy>=2.4'", '"keras==3.15.1"'])
def test_pinning_a_colab_package_is_caught(line):
    assert COLAB_OWN.search(line), line
