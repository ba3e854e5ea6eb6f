// NPO-planner: small behaviours shared by all pages. No inline scripts anywhere (Content Security Policy).

// A form marked data-progress="ID" shows the status element ID while it runs. A file is sent with
// XMLHttpRequest so the user sees how much of it has been sent; after that (and for a form without a file)
// the element says the server is working. The buttons are disabled so a file is not sent twice.
function showProgress(form) {
  const status = document.getElementById(form.dataset.progress);
  if (!status) return null;
  status.hidden = false;
  // Disabled after the browser has taken the form's data: a disabled button would not be sent with it.
  window.setTimeout(() => form.querySelectorAll("button").forEach((button) => { button.disabled = true; }), 0);
  return {
    bar: status.querySelector("progress"),
    text: status.querySelector("[data-progress-text]"),
    sending: status.dataset.sending || "",
    working: status.dataset.working || "",
  };
}

function working(progress) {
  progress.bar.removeAttribute("value"); // an indeterminate bar
  progress.text.textContent = progress.working;
}

function sendWithProgress(form, event) {
  const hasFile = [...form.querySelectorAll("input[type=file]")].some((input) => input.files.length);
  const progress = showProgress(form);
  if (!progress) return;
  if (!hasFile || !window.XMLHttpRequest || !window.FormData) {
    working(progress);
    return; // the browser submits the form itself
  }
  event.preventDefault();
  const request = new XMLHttpRequest();
  request.open("POST", form.action || window.location.href);
  request.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const percent = Math.round((e.loaded / e.total) * 100);
    progress.bar.value = percent;
    progress.text.textContent = progress.sending.replace("{percent}", percent);
  });
  request.upload.addEventListener("load", () => working(progress));
  request.addEventListener("load", () => {
    const sameUrl = request.responseURL.split("#")[0] === (form.action || window.location.href).split("#")[0];
    if (request.responseURL && !sameUrl) {
      window.location.assign(request.responseURL); // the server redirected: go there
      return;
    }
    // The form came back (with its errors): show the new page content in place of the old.
    const page = new DOMParser().parseFromString(request.responseText, "text/html");
    const main = page.querySelector("main");
    if (main) {
      document.querySelector("main").replaceWith(main);
      document.title = page.title;
      setUp(main);
      main.focus();
    } else {
      form.submit();
    }
  });
  request.addEventListener("error", () => form.submit()); // fall back to a plain submit
  progress.bar.value = 0;
  progress.text.textContent = progress.sending.replace("{percent}", 0);
  request.send(new FormData(form));
}

function setUp(root) {
  // Forms marked data-confirm ask before they submit (e.g. replacing an import).
  root.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  root.querySelectorAll("form[data-progress]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const quiet = event.submitter && "noProgress" in event.submitter.dataset; // e.g. "Annuleren"
      if (!event.defaultPrevented && !quiet) sendWithProgress(form, event);
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUp(document);
  // Send Django's CSRF token with every htmx request.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});
