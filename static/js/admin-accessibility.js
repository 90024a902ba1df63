/* Accessibility fixes for third-party admin widgets (docs/decisions/0015).
 * - Draftail rich-text boxes (role="textbox") get their field's label as name.
 * - wagtail-localize's "Upload PO file" input gets its button's text as name.
 * The widgets appear late (React) and with new StreamField blocks, so a
 * MutationObserver applies the fixes again. */
(function () {
  "use strict";
  var counter = 0;
  function labelRichText(root) {
    root.querySelectorAll('[role="textbox"][contenteditable]:not([aria-label]):not([aria-labelledby])').forEach(function (box) {
      var wrapper = box.closest("[data-contentpath]") || box.closest("[data-field-wrapper]");
      var input = wrapper && wrapper.querySelector("input[id], textarea[id]");
      var label = (input && document.querySelector('label[for="' + input.id + '"]')) ||
        (wrapper && wrapper.querySelector("label, .w-field__label"));
      if (!label) { return; }
      if (!label.id) { counter += 1; label.id = "academy-rich-text-label-" + counter; }
      box.setAttribute("aria-labelledby", label.id);
    });
  }
  function labelFileInputs(root) {
    root.querySelectorAll('.js-translation-editor input[type="file"]:not([aria-label])').forEach(function (input) {
      var panel = input.closest("form") && input.closest("form").parentElement;
      var button = panel && panel.querySelector("button");
      if (button && button.textContent.trim()) {
        input.setAttribute("aria-label", button.textContent.trim());
      }
    });
  }
  function fix() {
    labelRichText(document);
    labelFileInputs(document);
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();
