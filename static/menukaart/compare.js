// Menukaart: allow at most four interventions to be ticked for comparison (the server also refuses more).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("compare-form");
  if (!form) return;
  const max = 4;
  const boxes = Array.from(document.querySelectorAll("input.compare-box"));
  const update = () => {
    const checked = boxes.filter((b) => b.checked).length;
    boxes.forEach((b) => {
      b.disabled = !b.checked && checked >= max;
    });
  };
  boxes.forEach((b) => b.addEventListener("change", update));
  update();
});
