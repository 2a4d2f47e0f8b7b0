"use strict";
(function () {
  var root = document.getElementById("seat");
  var clock = window.RoundsClock({
    url: root.dataset.stateUrl,
    pollMs: Number(root.dataset.pollMs) || 2000,
    render: render,
  });

  function showStop(id, stop) {
    var node = document.getElementById(id);
    node.replaceChildren();
    if (!stop) {
      node.textContent = "Nothing more tonight.";
    } else if (stop.table) {
      var strong = document.createElement("strong");
      strong.textContent = "Table " + stop.table;
      node.append("Round " + stop.round + ": ", strong, " with " + stop.expert + " on " + stop.topic);
    } else {
      node.textContent = "Round " + stop.round + ": a free round";
    }
  }

  function render(state) {
    root.dataset.phase = state.clock.phase;
    clock.setText("clock-title", state.clock.headline);
    clock.setText("countdown-label", state.clock.countdown_label);
    clock.setClock(state.clock);
    showStop("now", state.now);
    showStop("next", state.next);
  }

  render(JSON.parse(document.getElementById("initial-state").textContent));
  clock.start();
})();
