/* The payment result page's only script: asks GET /pay/result/<id>/status every few seconds and
   reloads the page once the payment is no longer pending. Without it, <noscript> refreshes. */
(function () {
  var el = document.getElementById("payment-status");
  if (!el || !window.fetch) return;
  var url = el.getAttribute("data-status-url");
  var tries = 0;
  function again(ms) { if (++tries < 120) setTimeout(tick, ms); }
  function tick() {
    fetch(url, { headers: { accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (data && data.status !== "PENDING") return location.reload();
        again(3000);
      })
      .catch(function () { again(6000); });
  }
  again(2500);
})();
