// "Copy link" buttons: copy the text of the element named by data-copy-from
// and say so in the status region beside it. Without JavaScript (or without
// the clipboard API) the buttons stay hidden and the link can be selected.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var status = document.querySelector(
      '[data-copy-status="' + button.dataset.copyFrom + '"]'
    );
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  });
})();
