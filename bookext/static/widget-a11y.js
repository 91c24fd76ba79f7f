/* Give ipywidgets slider handles an accessible name (bookext/accessibility.py adds this script to
 * pages that hold saved widget state).
 *
 * @jupyter-widgets/controls 8 draws a slider with noUiSlider: the focusable element is
 * <div class="noUi-handle" role="slider">, and the widget's description is a separate
 * <label class="widget-label"> that is not tied to it, so screen readers announce a nameless
 * slider. Widgets render asynchronously (embed-amd.js), so this watches the page and points
 * each new handle at its description with aria-labelledby.
 */
(function () {
  "use strict";
  var counter = 0;

  function nameHandles(root) {
    var handles = (root.querySelectorAll ? root : document).querySelectorAll(
      '.noUi-handle[role="slider"]:not([aria-label]):not([aria-labelledby])'
    );
    handles.forEach(function (handle) {
      var widget = handle.closest(".widget-slider");
      var label = widget && widget.querySelector(".widget-label");
      var text = label ? (label.textContent || "").trim() : "";
      if (!text) {
        handle.setAttribute("aria-label", "Slider");
        return;
      }
      var all = widget.querySelectorAll('.noUi-handle[role="slider"]');
      if (all.length > 1) {
        // Range slider: two handles, say which end each one moves.
        var index = Array.prototype.indexOf.call(all, handle);
        handle.setAttribute("aria-label", text + (index === 0 ? " (lower value)" : " (upper value)"));
        return;
      }
      if (!label.id) {
        counter += 1;
        label.id = "bookext-widget-label-" + counter;
      }
      handle.setAttribute("aria-labelledby", label.id);
    });
  }

  function start() {
    nameHandles(document);
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        if (mutations[i].addedNodes.length) {
          nameHandles(document);
          return;
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
