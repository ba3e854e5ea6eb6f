// Typing in paper forms: a digit fills an answer and moves on; Tab skips; Enter saves (Shift+Enter in the remark
// starts a new line). A team respondent leaves the parents-only statements empty.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const inputs = Array.from(form.querySelectorAll(".digit-input"));
  const remark = form.querySelector("textarea");
  const submit = form.querySelector("button[type=submit]");
  const enabled = () => inputs.filter((input) => !input.disabled);

  const focusNext = (input) => {
    const list = enabled();
    const next = list[list.indexOf(input) + 1] || remark || submit;
    next.focus();
  };

  inputs.forEach((input) => {
    input.addEventListener("input", () => {
      const value = input.value.trim();
      if (value === "") return;
      const max = Number(input.dataset.max);
      if (/^[1-9]$/.test(value) && Number(value) <= max) {
        input.classList.remove("is-invalid");
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

  const applyRespondent = () => {
    const chosen = form.querySelector("input[name=respondent]:checked");
    const team = chosen && chosen.value === "team";
    form.querySelectorAll("[data-parents-only]").forEach((input) => {
      input.disabled = team;
      if (team) input.value = "";
    });
  };
  form.querySelectorAll("input[name=respondent]").forEach((radio) => radio.addEventListener("change", applyRespondent));
  applyRespondent();

  const firstError = form.querySelector(".entry-error");
  const target = firstError ? firstError.parentElement.querySelector(".digit-input") : enabled()[0];
  if (target) target.focus();
});
