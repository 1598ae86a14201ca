/* The sign-up form's only script: live availability of the address, proposed from the pharmacy's
   name until the owner types one. The form works the same without it (the server proposes the
   address and checks it again). Calls GET /api/public/subdomains/check. */
(function () {
  var form = document.getElementById("signup-form");
  if (!form || !window.fetch) return;
  var nameInput = form.elements.namedItem("pharmacyName");
  var sub = form.elements.namedItem("subdomain");
  var out = document.getElementById("subdomain-status");
  var url = form.getAttribute("data-check-url");
  var lang = document.documentElement.lang || "fr";
  var edited = sub.value !== "";
  var timer = 0;
  var seq = 0;

  function show(text, tone, suggestion) {
    out.textContent = text;
    out.className = "hint" + (tone ? " " + tone : "");
    if (!suggestion) return;
    var use = document.createElement("button");
    use.type = "button";
    use.className = "linkbtn";
    use.textContent = form.getAttribute("data-use");
    use.addEventListener("click", function () {
      sub.value = suggestion;
      edited = true;
      check(0);
    });
    out.appendChild(document.createTextNode(" "));
    out.appendChild(use);
  }

  function check(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var value = (edited ? sub.value : nameInput.value).trim();
      if (value.length < 2) return show("", "");
      var mine = ++seq;
      show(form.getAttribute("data-checking"), "");
      var query = (edited ? "subdomain=" : "name=") + encodeURIComponent(value) + "&lang=" + lang;
      fetch(url + "?" + query, { headers: { accept: "application/json" }, credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) {
          if (mine !== seq) return;
          if (!data) return show("", "");
          if (!edited && data.subdomain) sub.value = data.subdomain;
          show(data.message, data.available ? "ok" : "err", data.available ? null : data.suggestion);
        })
        .catch(function () { if (mine === seq) show("", ""); });
    }, delay);
  }

  nameInput.addEventListener("input", function () { if (!edited) check(400); });
  sub.addEventListener("input", function () {
    var lower = sub.value.toLowerCase();
    if (lower !== sub.value) sub.value = lower;
    edited = sub.value !== "";
    check(400);
  });
  if (sub.value || nameInput.value) check(0);
})();
