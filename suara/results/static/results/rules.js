/* The C.Hasil rules (R0..R10, B1, B2) in the browser: a faithful port of suara/results/rules.py, so an
 * officer sees a refusal before sending. The server checks again; test_rules_js.py proves both agree.
 *
 * A tally maps field names ("votes.1", "valid", "dpt.l", "ballots.used", ...) to numbers. A rule is
 * checked only when all its fields are present; check() returns every broken rule, in rule order, as
 * {code, message, fields}, the same shape as Breach.as_dict() in Python.
 *
 * Messages stay in Indonesian, as the server's do. Non-ASCII characters are escaped so the file reads
 * the same whatever charset it is served with.
 */
(function (root) {
  "use strict";

  var VOTER_GROUPS = ["dpt", "voted_dpt", "voted_dptb", "voted_dpk", "voted_total"];

  var RULES = {
    R0: "Setiap angka harus bilangan bulat 0 atau lebih.",
    R1: "Jumlah suara seluruh pasangan calon harus sama dengan jumlah suara sah.",
    R2: "Suara sah ditambah suara tidak sah harus sama dengan jumlah suara.",
    R3: "Jumlah pemilih yang menggunakan hak pilih harus sama dengan jumlah suara.",
    R4: "Pengguna hak pilih dari DPT, DPTb dan DPK harus berjumlah sama dengan seluruh pengguna hak pilih.",
    R5: "Laki-laki ditambah perempuan harus sama dengan jumlah pada setiap kelompok pemilih.",
    R6: "Pengguna hak pilih dari DPT tidak boleh melebihi jumlah pemilih terdaftar di DPT.",
    R7: "Suara seorang pasangan calon tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK).",
    R8: "Jumlah suara tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK).",
    R9: "Angka suara dan pemilih tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK).",
    R10: "Tidak ada angka yang boleh melebihi batas satu TPS dalam pemilihan ini.",
    B1: "Surat suara yang digunakan harus sama dengan jumlah suara.",
    B2: "Surat suara yang diterima harus sama dengan yang digunakan, tidak digunakan, dan rusak/keliru dicoblos."
  };

  var NOT_EQUAL = " \u2260 ";
  var CEILING_FIELDS = ["dpt.j", "voted_dptb.j", "voted_dpk.j"];
  // The counts R9 holds to the ceiling (rules.R9_FIELDS): all but the candidates (R7), the total (R8),
  // the ceiling's own fields and the ballots.
  var R9_FIELDS = ["valid", "invalid"];
  VOTER_GROUPS.forEach(function (group) {
    ["l", "p", "j"].forEach(function (part) {
      var f = group + "." + part;
      if (CEILING_FIELDS.indexOf(f) < 0) R9_FIELDS.push(f);
    });
  });

  function isWhole(value) {
    // Python: an int (not a bool) of 0 or more. Numbers reach here only from parse() or JSON.
    return typeof value === "number" && Number.isInteger(value) && value >= 0;
  }

  function breach(code, fields, detail) {
    var message = detail ? RULES[code] + " " + detail : RULES[code];
    return { code: code, message: message, fields: fields };
  }

  function has(tally, field) {
    return Object.prototype.hasOwnProperty.call(tally, field);
  }

  function candidateFields(tally) {
    return Object.keys(tally)
      .filter(function (k) { return k.indexOf("votes.") === 0; })
      .sort(function (a, b) { return parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10); });
  }

  function sum(n, fields) {
    return fields.reduce(function (acc, f) { return acc + n[f]; }, 0);
  }

  function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /* Every rule the tally breaks. ballotNumbers: the contest's candidates (R1 needs them all present);
   * null or undefined takes the candidates present in the tally as all of them. tpsMax: the election's
   * hard maximum of any count at one TPS (R10); null or undefined checks none. */
  function check(tally, ballotNumbers, tpsMax) {
    var breaches = [];
    var bad = Object.keys(tally)
      .filter(function (k) {
        var v = tally[k];
        return v !== null && v !== undefined && !isWhole(v);
      })
      .sort(compareStrings);
    if (bad.length) breaches.push(breach("R0", bad));
    var limited = tpsMax !== null && tpsMax !== undefined;
    var huge = Object.keys(tally)
      .filter(function (k) { return limited && isWhole(tally[k]) && tally[k] > tpsMax; })
      .sort(compareStrings);

    var n = {}; // the usable numbers
    Object.keys(tally).forEach(function (k) {
      if (isWhole(tally[k])) n[k] = tally[k];
    });
    function haveAll(fields) {
      return fields.every(function (f) { return has(n, f); });
    }

    var candidates = ballotNumbers === null || ballotNumbers === undefined
      ? candidateFields(tally)
      : ballotNumbers.map(function (b) { return "votes." + b; });

    if (candidates.length && haveAll(candidates.concat(["valid"]))) {
      var votes = sum(n, candidates);
      if (votes !== n.valid) {
        breaches.push(breach("R1", candidates.concat(["valid"]), "(" + votes + NOT_EQUAL + n.valid + ")"));
      }
    }
    if (haveAll(["valid", "invalid", "total"]) && n.valid + n.invalid !== n.total) {
      breaches.push(breach("R2", ["valid", "invalid", "total"],
        "(" + n.valid + " + " + n.invalid + NOT_EQUAL + n.total + ")"));
    }
    if (haveAll(["voted_total.j", "total"]) && n["voted_total.j"] !== n.total) {
      breaches.push(breach("R3", ["voted_total.j", "total"], "(" + n["voted_total.j"] + NOT_EQUAL + n.total + ")"));
    }
    var parts = ["voted_dpt.j", "voted_dptb.j", "voted_dpk.j"];
    if (haveAll(parts.concat(["voted_total.j"])) && sum(n, parts) !== n["voted_total.j"]) {
      breaches.push(breach("R4", parts.concat(["voted_total.j"])));
    }
    VOTER_GROUPS.forEach(function (group) {
      var fields = [group + ".l", group + ".p", group + ".j"];
      if (haveAll(fields) && n[fields[0]] + n[fields[1]] !== n[fields[2]]) {
        breaches.push(breach("R5", fields, "(" + group + ")"));
      }
    });
    if (haveAll(["voted_dpt.j", "dpt.j"]) && n["voted_dpt.j"] > n["dpt.j"]) {
      breaches.push(breach("R6", ["voted_dpt.j", "dpt.j"], "(" + n["voted_dpt.j"] + " > " + n["dpt.j"] + ")"));
    }
    var ceilingFields = CEILING_FIELDS;
    if (haveAll(ceilingFields)) {
      var ceiling = sum(n, ceilingFields);
      var over = candidates.filter(function (c) { return has(n, c) && n[c] > ceiling; });
      if (over.length) breaches.push(breach("R7", over.concat(ceilingFields), "(batas " + ceiling + ")"));
      if (has(n, "total") && n.total > ceiling) {
        breaches.push(breach("R8", ["total"].concat(ceilingFields), "(" + n.total + " > " + ceiling + ")"));
      }
      var overCounts = R9_FIELDS.filter(function (f) { return has(n, f) && n[f] > ceiling; });
      if (overCounts.length) {
        breaches.push(breach("R9", overCounts.concat(ceilingFields), "(batas " + ceiling + ")"));
      }
    }
    if (huge.length) breaches.push(breach("R10", huge, "(paling banyak " + tpsMax + ")"));
    if (haveAll(["ballots.used", "total"]) && n["ballots.used"] !== n.total) {
      breaches.push(breach("B1", ["ballots.used", "total"], "(" + n["ballots.used"] + NOT_EQUAL + n.total + ")"));
    }
    var spent = ["ballots.used", "ballots.unused", "ballots.damaged"];
    if (haveAll(["ballots.received"].concat(spent)) && n["ballots.received"] !== sum(n, spent)) {
      breaches.push(breach("B2", ["ballots.received"].concat(spent)));
    }
    return breaches;
  }

  var MAX_DIGITS = 9; // no TPS count comes near; longer is a slip of the finger (and stays exact in JS)
  var ASCII_SPACE = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

  /* A form field's text as the server reads it (forms.parse_number): blank is absent (undefined), 1 to 9
   * ASCII digits are a number, anything else is kept as typed so that R0 names it. */
  function parse(text) {
    var value = String(text).replace(ASCII_SPACE, "");
    if (value === "") return undefined;
    if (value.length <= MAX_DIGITS && /^[0-9]+$/.test(value)) return parseInt(value, 10);
    return value;
  }

  root.SuaraRules = {
    RULES: RULES, VOTER_GROUPS: VOTER_GROUPS, MAX_DIGITS: MAX_DIGITS, check: check, isWhole: isWhole, parse: parse
  };
})(window);
