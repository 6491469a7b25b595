// Show a follow-up question only when it applies (FHIR enableWhen), as the person
// answers. Without JavaScript every question is shown and the server ignores answers
// to questions that do not apply. The rules mirror decisionaid/conditions.py.
(function () {
  "use strict";

  function answersOf(form, others) {
    var answers = Object.assign({}, others);
    form.querySelectorAll("input[name]").forEach(function (input) {
      if (input.disabled || input.name === "csrf_token") { return; }
      if (input.type === "radio" || input.type === "checkbox") {
        if (!input.checked) { return; }
        var list = answers[input.name];
        answers[input.name] = Array.isArray(list) ? list.concat(input.value) : [input.value];
      } else if (input.value.trim() !== "") {
        answers[input.name] = [input.value.trim()];
      }
    });
    return answers;
  }

  function valuesOf(answer) {
    if (answer === undefined || answer === null) { return []; }
    return Array.isArray(answer) ? answer : [answer];
  }

  function equal(value, expected) {
    if (typeof expected === "boolean") { return value === expected || value === (expected ? "yes" : "no"); }
    return String(value) === String(expected);
  }

  function compare(operator, value, expected) {
    if (operator === "=") { return equal(value, expected); }
    var number = Number(value);
    if (typeof expected !== "number" || isNaN(number)) { return false; }
    return { ">": number > expected, "<": number < expected,
             ">=": number >= expected, "<=": number <= expected }[operator];
  }

  function holds(condition, answers) {
    if (condition.variable) {
      var matches = answers[condition.variable] === condition.answer;
      return condition.operator === "=" ? matches : !matches;
    }
    var values = valuesOf(answers[condition.question]);
    if (condition.operator === "exists") { return (values.length > 0) === condition.answer; }
    if (condition.operator === "!=") {
      return !values.some(function (v) { return equal(v, condition.answer); });
    }
    return values.some(function (v) { return compare(condition.operator, v, condition.answer); });
  }

  function update(form, others) {
    // Repeat until nothing changes: hiding one question can hide another.
    for (var round = 0; round < 10; round += 1) {
      var changed = false;
      var answers = answersOf(form, others);
      form.querySelectorAll("[data-enable-when]").forEach(function (element) {
        var gate = JSON.parse(element.getAttribute("data-enable-when"));
        var results = gate.conditions.map(function (c) { return holds(c, answers); });
        var enabled = gate.behavior === "any" ? results.some(Boolean) : results.every(Boolean);
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

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.step-form");
    var data = document.getElementById("other-answers");
    if (!form || !data) { return; }
    var others = JSON.parse(data.textContent);
    form.querySelectorAll(".only-if").forEach(function (hint) { hint.hidden = true; });
    form.addEventListener("change", function () { update(form, others); });
    update(form, others);
  });
})();
