// Show a follow-up question only when it applies (FHIR enableWhen), as the person
// answers. Without JavaScript every question is shown and the server ignores answers
// to questions that do not apply.
//
// Answers are read as the server reads them (decisionaid/answers.py) and conditions hold
// as in decisionaid/conditions.py; tests/fixtures/conditions.json holds the cases both
// must agree on, and tests/test_conditions_browser.py runs them here, in Chromium.
(function () {
  "use strict";

  // What Python's str.strip() removes; JavaScript's trim() also removes U+FEFF and keeps
  // U+001C to U+001F and U+0085.
  var SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var SPACE_AROUND = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  // Python's str.isdecimal(): any Unicode decimal digit, such as Arabic-Indic ones.
  var DIGIT = /^\p{Nd}$/u;
  var CONTROL = /[\x00-\x1f]/;
  // The server's bounds for a whole number when the content gives none.
  var LOWEST = 0;
  var HIGHEST = 1000000;

  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  // Unicode encodes each script's digits as a run of ten, 0 to 9, so a digit's value is
  // its place in its run.
  function digitValue(character) {
    var code = character.codePointAt(0);
    var place = 0;
    while (DIGIT.test(String.fromCodePoint(code - place - 1))) { place += 1; }
    return place % 10;
  }

  function parseInteger(question, text) {
    var characters = Array.from(text);
    if (!characters.every(function (character) { return DIGIT.test(character); })) {
      return undefined;
    }
    var value = characters.reduce(function (total, character) {
      return total * 10 + digitValue(character);
    }, 0);
    var low = question.minValue === null ? LOWEST : question.minValue;
    var high = question.maxValue === null ? HIGHEST : question.maxValue;
    return low <= value && value <= high ? value : undefined;
  }

  function parseChoice(question, codes) {
    var known = codes.every(function (code) { return question.codes.indexOf(code) >= 0; });
    if (!known || new Set(codes).size !== codes.length ||
        (!question.repeats && codes.length > 1)) {
      return undefined;
    }
    var exclusive = codes.some(function (code) { return question.exclusive.indexOf(code) >= 0; });
    if (exclusive && codes.length > 1) { return undefined; }
    return question.repeats ? codes : codes[0];
  }

  // One question's answer from what its inputs hold (text, or the codes ticked), or
  // undefined when the server would not keep it: then it counts as no answer.
  function parseAnswer(question, given) {
    var values = Array.isArray(given) ? given : [given];
    if (question.type === "string" || question.type === "integer") {
      values = values.map(function (value) { return value.replace(SPACE_AROUND, ""); });
    }
    values = values.filter(function (value) { return value !== ""; });
    if (values.length === 0) { return undefined; }
    if (question.type === "choice") { return parseChoice(question, values); }
    if (values.length > 1) { return undefined; }
    var value = values[0];
    if (question.type === "boolean") {
      return value === "yes" ? true : value === "no" ? false : undefined;
    }
    if (question.type === "integer") { return parseInteger(question, value); }
    var tooLong = question.maxLength !== null && Array.from(value).length > question.maxLength;
    return tooLong || CONTROL.test(value) ? undefined : value;
  }

  function valuesOf(answer) {
    if (answer === undefined || answer === null) { return []; }
    return Array.isArray(answer) ? answer : [answer];
  }

  function compare(operator, value, expected) {
    if (operator === "=") { return value === expected; }
    if (typeof value !== "number" || typeof expected !== "number") { return false; }
    return { ">": value > expected, "<": value < expected,
             ">=": value >= expected, "<=": value <= expected }[operator];
  }

  function conditionHolds(condition, answers, variables) {
    var values = valuesOf(condition.variable
      ? own(variables, condition.variable)
      : own(answers, condition.question));
    if (condition.operator === "exists") { return (values.length > 0) === condition.answer; }
    if (condition.operator === "!=") {
      return !values.some(function (value) { return value === condition.answer; });
    }
    return values.some(function (value) {
      return compare(condition.operator, value, condition.answer);
    });
  }

  // Whether a gate (as conditions.gate_data sends it) holds, given parsed answers and the
  // variables' values.
  function gateHolds(gate, answers, variables) {
    var results = gate.conditions.map(function (condition) {
      return conditionHolds(condition, answers, variables);
    });
    return gate.behavior === "any" ? results.some(Boolean) : results.every(Boolean);
  }

  // The other steps' answers, with this step's answers as its enabled inputs hold them.
  function answersOf(form, data) {
    var given = {};
    form.querySelectorAll("input[name]").forEach(function (input) {
      var question = own(data.questions, input.name);
      if (!question || input.disabled) { return; }
      if (input.type === "radio" || input.type === "checkbox") {
        if (!input.checked) { return; }
        given[input.name] = (given[input.name] || []).concat(input.value);
      } else {
        given[input.name] = input.value;
      }
    });
    var answers = Object.assign({}, data.answers);
    Object.keys(given).forEach(function (name) {
      var answer = parseAnswer(data.questions[name], given[name]);
      if (answer !== undefined) { answers[name] = answer; }
    });
    return answers;
  }

  function update(form, data) {
    // Repeat until nothing changes: hiding one question can hide another.
    for (var round = 0; round < 10; round += 1) {
      var changed = false;
      var answers = answersOf(form, data);
      form.querySelectorAll("[data-enable-when]").forEach(function (element) {
        var gate = JSON.parse(element.getAttribute("data-enable-when"));
        var enabled = gateHolds(gate, answers, data.variables);
        var outer = element.parentElement.closest("[data-enable-when]");
        if (outer && outer.hidden) { enabled = false; }
        if (element.hidden === enabled) {
          element.hidden = !enabled;
          element.querySelectorAll("input").forEach(function (input) { input.disabled = !enabled; });
          changed = true;
        }
      });
      if (!changed) { return; }
    }
  }

  // For tests/test_conditions_browser.py, which holds this copy to the server's cases.
  window.decisionaidEnableWhen = { gateHolds: gateHolds, parseAnswer: parseAnswer };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.step-form");
    var data = document.getElementById("enable-when-data");
    if (!form || !data) { return; }
    data = JSON.parse(data.textContent);
    form.querySelectorAll(".only-if").forEach(function (hint) { hint.hidden = true; });
    form.addEventListener("change", function () { update(form, data); });
    update(form, data);
  });
})();
