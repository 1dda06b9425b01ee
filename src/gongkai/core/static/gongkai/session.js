/* Warns before a staff session ends on idle time, and renews it when asked without leaving
 * the page, so that nothing typed is lost. The server's idle timeout, how long before it to
 * warn and the renewal address come in data attributes of #session-notice. Every request
 * renews the session: the last one known is shared by the open tabs through localStorage. */
(function () {
  "use strict";

  var box = document.getElementById("session-notice");
  if (!box || !window.fetch) {
    return;
  }
  var seconds = Number(box.getAttribute("data-session-seconds"));
  var lead = Number(box.getAttribute("data-warn-seconds"));
  var address = box.getAttribute("data-keep-alive");
  var warning = document.getElementById("session-warning");
  var expired = document.getElementById("session-expired");
  var button = document.getElementById("session-continue");
  var KEY = "gongkai.session.renewed";
  var renewed = Date.now();
  var ended = false;
  var typingIn = null;

  function share(time) {
    try {
      window.localStorage.setItem(KEY, String(time));
    } catch (e) {
      // Storage turned off: this tab counts on its own.
    }
  }

  function lastRenewal() {
    var shared = 0;
    try {
      shared = Number(window.localStorage.getItem(KEY)) || 0;
    } catch (e) {
      shared = 0;
    }
    return Math.max(renewed, shared);
  }

  function show(notice) {
    if (notice === warning && warning.hidden) {
      // Focus stays where the person types; it comes back there after "继续工作".
      typingIn = document.activeElement;
    }
    warning.hidden = notice !== warning;
    expired.hidden = notice !== expired;
  }

  function check() {
    if (ended) {
      return;
    }
    var idle = (Date.now() - lastRenewal()) / 1000;
    if (idle >= seconds) {
      ended = true;
      show(expired);
    } else if (idle >= seconds - lead) {
      show(warning);
    } else if (!warning.hidden) {
      show(null);  // another tab renewed the session
    }
  }

  function renew() {
    button.disabled = true;
    window
      .fetch(address, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (response.status === 204) {
          renewed = Date.now();
          share(renewed);
          show(null);
          if (typingIn && typingIn !== document.body && document.contains(typingIn)) {
            typingIn.focus();
          }
        } else {
          ended = true;
          show(expired);
        }
      })
      .catch(function () {
        // No answer (network): the warning stays, to be tried again.
      })
      .then(function () {
        button.disabled = false;
      });
  }

  share(renewed);
  button.addEventListener("click", renew);
  window.setInterval(check, 1000);
})();
