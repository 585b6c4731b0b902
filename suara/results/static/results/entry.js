/* Form C.Hasil in the browser: checks the rules of rules.js as the officer types, marks the fields of
 * each broken rule, lists the breaches at the top and beside their fields, and holds the form back while
 * any rule breaks. The server checks again; without JavaScript the page works on the server's check alone.
 *
 * It reads the page the server drew: form[data-tally-form] (data-ballots: the contest's ballot numbers,
 * data-tps-max: the election's hard maximum of any count at one TPS),
 * input[data-field] (a tally field each), [data-block-fields] (fields shown together, each with its
 * [data-rule-errors] list), #rule-summary with its [data-rule-list], [data-submit] and [data-blocked-hint].
 */
(function () {
  "use strict";

  var rules = window.SuaraRules;
  var form = document.querySelector("form[data-tally-form]");
  if (!rules || !form) return;

  // The rules' messages in the page's language, as the server drew them (#rule-texts, a JSON data block).
  var texts = document.getElementById("rule-texts");
  if (texts) {
    try {
      var translated = JSON.parse(texts.textContent);
      Object.keys(translated).forEach(function (code) {
        if (code in rules.RULES) rules.RULES[code] = translated[code];
      });
    } catch (e) { /* keep rules.js's own (Indonesian) texts */ }
  }

  var ballots = (form.getAttribute("data-ballots") || "")
    .split(" ")
    .filter(function (s) { return s !== ""; })
    .map(function (s) { return parseInt(s, 10); });
  var tpsMax = parseInt(form.getAttribute("data-tps-max") || "", 10);
  if (isNaN(tpsMax)) tpsMax = null;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-field]"));
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-block-fields]"));
  var summary = document.getElementById("rule-summary");
  var summaryList = summary ? summary.querySelector("[data-rule-list]") : null;
  var submit = form.querySelector("[data-submit]");
  var hint = form.querySelector("[data-blocked-hint]");

  function tally() {
    var values = {};
    inputs.forEach(function (input) {
      var value = rules.parse(input.value);
      if (value !== undefined) values[input.getAttribute("data-field")] = value;
    });
    return values;
  }

  function fillList(list, items) {
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (item) {
      var li = document.createElement("li");
      if (item.code) {
        var code = document.createElement("strong");
        code.textContent = item.code;
        li.appendChild(code);
        li.appendChild(document.createTextNode(" " + item.message));
      } else {
        li.textContent = item.message;
      }
      list.appendChild(li);
    });
  }

  function show(breaches) {
    var bad = {};
    breaches.forEach(function (b) {
      b.fields.forEach(function (f) { bad[f] = true; });
    });
    inputs.forEach(function (input) {
      var broken = bad[input.getAttribute("data-field")] === true;
      input.classList.toggle("is-breach", broken);
      if (broken || input.hasAttribute("data-server-error")) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
    blocks.forEach(function (block) {
      var names = block.getAttribute("data-block-fields").split(" ");
      var list = block.querySelector("[data-rule-errors]");
      if (!list) return;
      fillList(list, breaches
        .filter(function (b) { return b.fields.some(function (f) { return names.indexOf(f) >= 0; }); })
        .map(function (b) { return { message: b.message }; }));
    });
    if (summary && summaryList) {
      fillList(summaryList, breaches);
      summary.hidden = breaches.length === 0;
    }
    if (submit) submit.disabled = breaches.length > 0;
    if (hint) hint.hidden = breaches.length === 0;
  }

  function run() {
    var breaches = rules.check(tally(), ballots, tpsMax);
    show(breaches);
    return breaches;
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.hasAttribute("data-field")) run();
  });
  form.addEventListener("submit", function (event) {
    if (run().length) {
      event.preventDefault();
      if (summary) summary.focus();
    }
  });
  run();
})();
