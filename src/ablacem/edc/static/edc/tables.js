// On a phone, tables are shown as stacked rows (site.css); this labels each body cell with its
// column heading (data-label) so a stacked cell still says what it is. Cells that already have
// a data-label, or columns without a heading, are left alone.
(function () {
  function headings(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var out = [];
    if (!head) return out;
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) out.push(cell.textContent.trim());
    });
    return out;
  }
  function label(table) {
    var names = headings(table);
    if (!names.length) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var name = names[column];
          if (name && cell.tagName === "TD" && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", name);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }
  function labelAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table"), label);
  }
  // Rows added later (the analgesics' "Add a line") are labelled as they appear.
  document.addEventListener("DOMContentLoaded", function () {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
