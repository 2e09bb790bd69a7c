// A campaign's sending, live (mailing/admin/includes/progress.html): polls the progress URL every 2 s.
// A static file, not an inline script, for the Content-Security-Policy.
(function () {
    const box = document.getElementById("sending");
    const set = (id, text) => { document.getElementById(id).textContent = text; };
    const plural = new Intl.PluralRules(document.documentElement.lang || "fr");  // 0 and 1 are singular in French
    const unit = document.getElementById("sending-rate-unit");
    async function refresh() {
        const response = await fetch(box.dataset.progressUrl, {credentials: "same-origin"});
        if (response.status === 404) { setTimeout(refresh, 2000); return; }  // its campaign is being prepared
        if (!response.ok) return;
        const p = await response.json();
        document.getElementById("sending-bar").value = p.percent;
        set("sending-percent", Math.round(p.percent) + " %");
        set("sending-sent", p.sent); set("sending-total", p.total);
        set("sending-failed", p.failed); set("sending-cancelled", p.cancelled);
        set("sending-rate", Math.round(p.rate));
        unit.textContent = plural.select(Math.round(p.rate)) === "one" ? unit.dataset.one : unit.dataset.other;
        set("sending-left", p.seconds_left === null ? "—" : Math.round(p.seconds_left) + " s");
        if (p.percent < 100) setTimeout(refresh, 2000);
        else window.location.reload();  // the page now shows the campaign as sent
    }
    if (Number(document.getElementById("sending-bar").value) < 100) setTimeout(refresh, 2000);
})();
