"use strict";
(function () {
  var root = document.getElementById("board");
  var clock = window.RoundsClock({
    url: root.dataset.stateUrl,
    pollMs: Number(root.dataset.pollMs) || 1000,
    render: render,
  });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  function renderTables(state) {
    var list = document.getElementById("tables");
    var cards = state.tables.map(function (table) {
      var item = document.createElement("li");
      item.className = "table-card";
      item.appendChild(element("p", "table-number", "Table " + table.table));
      item.appendChild(element("p", "expert", table.expert));
      item.appendChild(element("p", "topic", table.topic));
      item.appendChild(element("p", "people", table.people.join(", ")));
      return item;
    });
    list.replaceChildren.apply(list, cards);
    root.dataset.size = cards.length > 12 ? "many" : cards.length > 6 ? "some" : "few";
    clock.setText("free", state.free.length ? "Free this round: " + state.free.join(", ") : "");
  }

  var shownTables = null;
  function render(state) {
    root.dataset.phase = state.phase;
    clock.setText("headline", state.headline);
    clock.setText("countdown-label", state.countdown_label);
    clock.setText("round-of", state.round ? "Round " + state.round + " of " + state.rounds : "");
    clock.setClock(state);
    var tables = JSON.stringify([state.tables, state.free]);
    if (tables !== shownTables) {
      shownTables = tables;
      renderTables(state);
    }
  }

  render(JSON.parse(document.getElementById("initial-state").textContent));
  clock.start();
})();
