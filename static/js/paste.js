// Paste box ("Plakken uit Excel"): while the user pastes rows copied in a spreadsheet, say how many rows and
// columns the box holds, so a wrong selection shows before it is sent. The server reads and checks the rows; the
// box works the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea[data-paste]").forEach((box) => {
    const status = document.getElementById(box.id + "-telling");
    if (!status) return;
    const update = () => {
      const lines = box.value.split(/\r?\n/).filter((line) => line.trim() !== "");
      const columns = lines.reduce((most, line) => Math.max(most, line.split("\t").length), 0);
      status.textContent = lines.length
        ? status.dataset.template.replace("{regels}", lines.length).replace("{kolommen}", columns)
        : "";
    };
    box.addEventListener("input", update);
    update();
  });
});
