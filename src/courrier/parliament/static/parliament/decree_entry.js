// The decree entry screen: more rows on demand, Enter moves down a column instead of submitting the form,
// Ctrl+Enter (or Cmd+Enter) saves. Everything still works without this script, with the rows first shown.
(() => {
  "use strict";

  const form = document.querySelector("[data-decree-entry]");
  if (!form) return;
  const body = form.querySelector("[data-entry-rows]");
  const template = document.getElementById("decree-entry-empty-row");
  const total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  const max = Number(form.querySelector('input[name$="-MAX_NUM_FORMS"]').value);
  const submit = form.querySelector("[data-entry-submit]");

  const rows = () => Array.from(body.querySelectorAll("tr[data-entry-row]"));
  const fieldsOf = (row) => Array.from(row.querySelectorAll("input, select, textarea"));

  function addRow() {
    const index = Number(total.value);
    if (index >= max) return null;
    const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__line__", String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    return rows().at(-1);
  }

  form.querySelector("[data-add-rows]").addEventListener("click", (event) => {
    const count = Number(event.currentTarget.dataset.addRows) || 1;
    let first = null;
    for (let added = 0; added < count; added += 1) {
      const row = addRow();
      first = first || row;
    }
    if (first) fieldsOf(first)[0].focus();
  });

  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const field = event.target;
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) return;
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) {
      form.requestSubmit(submit);
      return;
    }
    const row = field.closest("tr[data-entry-row]");
    if (!row) {
      // The date for every row: on to the first row.
      const first = rows()[0];
      if (first) fieldsOf(first)[0].focus();
      return;
    }
    const column = fieldsOf(row).indexOf(field);
    const all = rows();
    const next = all[all.indexOf(row) + 1] || addRow();
    if (next) fieldsOf(next)[column].focus();
  });
})();
