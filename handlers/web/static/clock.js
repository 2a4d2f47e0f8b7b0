// The room clock: counts down on this device from the server's "seconds left", so a network
// blip never stops it, and asks the server for the state again every few seconds.
"use strict";
window.RoundsClock = function (options) {
  var deadline = null;
  var frozen = null;
  var countdown = document.getElementById("countdown");

  function format(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var hours = Math.floor(whole / 3600);
    var minutes = Math.floor((whole % 3600) / 60);
    var rest = whole % 60;
    var mm = hours ? String(minutes).padStart(2, "0") : String(minutes);
    return (hours ? hours + ":" : "") + mm + ":" + String(rest).padStart(2, "0");
  }

  function tick() {
    if (frozen !== null) {
      countdown.textContent = format(frozen);
    } else if (deadline !== null) {
      countdown.textContent = format((deadline - performance.now()) / 1000);
    } else {
      countdown.textContent = "";
    }
  }

  function setClock(clock) {
    if (clock.seconds_left === null || clock.seconds_left === undefined) {
      deadline = null;
      frozen = null;
    } else if (clock.phase === "paused") {
      frozen = clock.seconds_left;
      deadline = null;
    } else {
      frozen = null;
      deadline = performance.now() + clock.seconds_left * 1000;
    }
    tick();
  }

  function setText(id, value) {
    var element = document.getElementById(id);
    if (element && element.textContent !== value) {
      element.textContent = value;
    }
  }

  function poll() {
    fetch(options.url, { cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        setText("connection", "");
        options.render(state);
      })
      .catch(function () {
        setText("connection", "Reconnecting… the clock keeps counting.");
      })
      .then(function () {
        window.setTimeout(poll, options.pollMs);
      });
  }

  window.setInterval(tick, 250);
  return { setClock: setClock, setText: setText, start: poll, format: format };
};
