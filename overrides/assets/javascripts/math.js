// Typeset math with KaTeX: Markdown pages mark it with .arithmatex (pymdownx.arithmatex, generic
// mode); notebook Markdown cells (rendered by nbconvert) keep TeX between $ signs.
(function () {
  const delimiters = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "\\(", right: "\\)", display: false },
    { left: "$", right: "$", display: false },
  ];
  const targets = document.querySelectorAll(".arithmatex, .jp-RenderedMarkdown");
  targets.forEach((element) => {
    renderMathInElement(element, {
      delimiters: element.classList.contains("arithmatex") ? delimiters.slice(0, 3) : delimiters,
      throwOnError: false,
    });
  });
})();
