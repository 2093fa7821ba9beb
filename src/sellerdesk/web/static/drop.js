// Drag and drop onto a file input's box, the chosen files listed with their sizes, a file
// over the limit named and files together over the total said before anything is sent.
// Without this script the plain file input works the same; the server checks every limit again.
(function () {
  "use strict";
  function human(bytes) {
    var units = ["B", "KiB", "MiB", "GiB"], i = 0, n = bytes;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
    return (i === 0 ? n : n.toFixed(1).replace(/\.0$/, "")) + " " + units[i];
  }
  function show(zone, input) {
    var list = zone.querySelector("ul.chosen"), most = Number(zone.dataset.perFile);
    var total = Number(zone.dataset.total), sum = 0, bad = [];
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      sum += file.size;
      var item = document.createElement("li");
      item.textContent = file.name + " (" + human(file.size) + ")";
      if (most && file.size > most) {
        item.className = "too-big";
        item.textContent += " — " + zone.dataset.tooBig
          .replace("{name}", file.name).replace("{size}", human(file.size))
          .replace("{per_file}", human(most));
        bad.push(file.name);
      }
      list.appendChild(item);
    });
    // all the files together over what one submission may carry: said before sending too
    var tooMuch = total && sum > total ? zone.dataset.tooMuch
      .replace("{size}", human(sum)).replace("{total}", human(total)) : "";
    if (tooMuch) {
      var note = document.createElement("li");
      note.className = "too-big";
      note.textContent = tooMuch;
      list.appendChild(note);
    }
    input.setCustomValidity(bad.length ? zone.dataset.tooBig
      .replace("{name}", bad.join(", ")).replace("{size}", "").replace("{per_file}", human(most))
      : tooMuch);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".drop[data-per-file]"), function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    var list = document.createElement("ul");
    list.className = "chosen";
    list.setAttribute("aria-live", "polite");
    zone.appendChild(list);
    input.addEventListener("change", function () { show(zone, input); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      try {  // keep the files chosen before and add the dropped ones
        var all = new DataTransfer();
        Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
        Array.prototype.forEach.call(event.dataTransfer.files, function (f) { all.items.add(f); });
        input.files = all.files;
      } catch (e) {  // an older browser: the dropped files alone
        input.files = event.dataTransfer.files;
      }
      show(zone, input);
    });
  });
}());
