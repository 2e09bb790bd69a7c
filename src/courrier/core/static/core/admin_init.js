// Wagtail's widget initialisers, run from data rather than inline scripts (see core/admin_init.py):
// every <script type="application/json" data-admin-init> holds {call, args, construct}.
// Loaded with `defer`: after the page's own scripts have defined the initialisers, in document order.
(() => {
  "use strict";
  const SELECTOR = "script[type='application/json'][data-admin-init]";
  const NAMED = new Set(["initDateChooser", "initTimeChooser", "initDateTimeChooser", "InlinePanel", "MultipleChooserPanel"]);
  const allowed = (name) => NAMED.has(name) || /^([A-Z][A-Za-z]*)?Chooser$/.test(name);
  const done = new WeakSet();

  const run = (element) => {
    if (done.has(element)) return;
    done.add(element);
    let call;
    try {
      call = JSON.parse(element.textContent);
    } catch (error) {
      console.error("admin_init: unreadable data", element, error);
      return;
    }
    const target = window[call.call];
    if (!allowed(call.call) || typeof target !== "function") {
      console.error("admin_init: no initialiser", call.call);
      return;
    }
    if (call.construct) {
      new target(...call.args);
    } else {
      target(...call.args);
    }
  };

  const scan = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) run(node);
    node.querySelectorAll(SELECTOR).forEach(run);
  };

  scan(document.documentElement);
  new MutationObserver((records) => {
    records.forEach((record) => record.addedNodes.forEach(scan));
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
