// Render the \( ... \) and \[ ... \] spans that pymdownx.arithmatex (generic mode) leaves in
// the page, with the KaTeX copy bundled in docs/javascripts/katex (no CDN). Material's
// instant navigation swaps page content without a reload, so render on every document$ tick.
function ketlabRenderMath() {
  document.querySelectorAll(".arithmatex").forEach(function (el) {
    renderMathInElement(el, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  });
}
if (typeof document$ !== "undefined") {
  document$.subscribe(ketlabRenderMath);
} else {
  document.addEventListener("DOMContentLoaded", ketlabRenderMath);
}
