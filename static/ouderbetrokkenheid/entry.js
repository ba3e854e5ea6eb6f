// Typing in paper forms. Every form starts by choosing who filled it in (o = ouder, t = teamlid; nothing is kept
// from the last form); that key goes on to statement 1. A digit fills an answer and moves on; Tab skips one;
// Enter saves (Shift+Enter in the remark starts a new line).
// Every question on paper is one stop, also on a team form: a parents-only statement stays in its place (so
// pressing Tab there skips exactly that statement) but refuses a digit, so answers never shift to other questions.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll(".digit-input"));
  const remark = form.querySelector("textarea");
  const submit = form.querySelector("button[type=submit]");
  const radios = Array.from(form.querySelectorAll("input[name=respondent]"));
  const chosen = () => form.querySelector("input[name=respondent]:checked");
  const isTeam = () => (chosen() ? chosen().value === "team" : false);
  const parentsOnlyForTeam = (input) => isTeam() && input.hasAttribute("data-parents-only");

  const hint = (input, text) => {
    let note = input.parentElement.querySelector(".entry-hint");
    if (!note) {
      note = document.createElement("div");
      note.className = "entry-hint small text-danger";
      note.setAttribute("role", "status");
      input.parentElement.appendChild(note);
    }
    note.textContent = text;
  };
  const clearHint = (input) => {
    const note = input.parentElement.querySelector(".entry-hint");
    if (note) note.remove();
  };

  const focusNext = (input) => {
    const next = inputs[inputs.indexOf(input) + 1] || remark || submit;
    next.focus();
  };

  inputs.forEach((input) => {
    input.addEventListener("keydown", (event) => {
      if (/^[0-9]$/.test(event.key) && parentsOnlyForTeam(input)) {
        event.preventDefault();
        input.classList.add("is-invalid");
        hint(input, form.dataset.parentsOnlyHint);
      }
    });
    input.addEventListener("input", () => {
      const value = input.value.trim();
      if (value === "") return;
      if (parentsOnlyForTeam(input)) {
        input.value = "";
        input.classList.add("is-invalid");
        hint(input, form.dataset.parentsOnlyHint);
        return;
      }
      const max = Number(input.dataset.max);
      if (/^[1-9]$/.test(value) && Number(value) <= max) {
        input.classList.remove("is-invalid");
        clearHint(input);
        focusNext(input);
      } else {
        input.value = "";
        input.classList.add("is-invalid");
      }
    });
    input.addEventListener("focus", () => input.select());
  });

  if (remark) {
    remark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  // Until the respondent is chosen, there is nothing to type answers into: digits cannot land in the wrong form.
  const applyRespondent = () => {
    const team = isTeam();
    inputs.forEach((input) => {
      input.disabled = !chosen();
      const skipped = team && input.hasAttribute("data-parents-only");
      input.classList.toggle("entry-skipped", skipped);
      input.placeholder = skipped ? "–" : "";
      if (skipped && input.value) {
        input.classList.add("is-invalid");
        hint(input, form.dataset.parentsOnlyHint);
      } else if (!skipped && input.parentElement.querySelector(".entry-hint")) {
        input.classList.remove("is-invalid");
        clearHint(input);
      }
    });
  };
  radios.forEach((radio) => {
    radio.addEventListener("change", applyRespondent);
    radio.addEventListener("keydown", (event) => {
      const key = event.key.toLowerCase();
      const wanted = { o: "ouder", t: "team" }[key];
      if (!wanted) return;
      event.preventDefault();
      const target = radios.find((r) => r.value === wanted);
      target.checked = true;
      applyRespondent();
      if (inputs.length) inputs[0].focus();
    });
  });
  applyRespondent();

  const firstError = form.querySelector(".entry-error");
  let target = firstError ? firstError.parentElement.querySelector(".digit-input") : null;
  if (!chosen()) target = radios[0];
  else if (!target) target = inputs[0];
  if (target) target.focus();
});
