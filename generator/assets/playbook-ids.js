/* Ids made from names, in the browser: the rules of generator/ids.py.
 *
 * Chinese is written as pinyin (pinyin-pro, whose phrase dictionary reads 重庆 as chongqing
 * and 银行 as yinhang), the syllables of a word joined, words joined by hyphens; Latin
 * letters and digits are kept. Words are cut by the browser's own word segmenter
 * (Intl.Segmenter); Python cuts them with jieba, so a rare name may be cut differently:
 * the id is shown before the first save, and the person may change it. A person's name is
 * surname, hyphen, given name (陈静 → chen-jing). The lists of compound surnames and of
 * surname readings come from Python (window.PLAYBOOK.ids), so they are written once. */
(function () {
  "use strict";
  var rules = (window.PLAYBOOK && window.PLAYBOOK.ids) || {};
  var maxLength = rules.maxLength || 64;
  var compound = rules.compoundSurnames || [];
  var readings = rules.surnameReadings || {};
  var HAN = /^[\u3400-\u9fff\uf900-\ufaff]+$/;

  function syllables(text) {
    var pinyin = window.pinyinPro && window.pinyinPro.pinyin;
    if (!pinyin) return "";
    return pinyin(text, { toneType: "none", type: "array", v: true }).join("").toLowerCase();
  }

  function words(text) {
    var pieces = [];
    if (window.Intl && Intl.Segmenter) {
      var segmenter = new Intl.Segmenter("zh", { granularity: "word" });
      Array.from(segmenter.segment(text)).forEach(function (s) { pieces.push(s.segment); });
    } else {
      pieces = text.split(/(\s+)/);
    }
    var out = [];
    pieces.forEach(function (piece) {
      if (HAN.test(piece)) {
        out.push(syllables(piece));
        return;
      }
      var latin = piece.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      latin.split(/[^a-z0-9]+/).forEach(function (w) { if (w) out.push(w); });
    });
    return out;
  }

  function join(parts) {
    var slug = parts.filter(Boolean).join("-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
    return slug.slice(0, maxLength).replace(/-$/, "");
  }

  function fromName(name) {
    return join(words(String(name || "")));
  }

  function fromPerson(name) {
    var text = String(name || "").trim();
    if (text.length < 2 || text.length > 4 || !HAN.test(text)) return fromName(text);
    var size = text.length > 2 && compound.indexOf(text.slice(0, 2)) >= 0 ? 2 : 1;
    var surname = text.slice(0, size);
    return join([readings[surname] || syllables(surname), syllables(text.slice(size))]);
  }

  function unique(proposed, taken, fallback) {
    var base = /^[a-z0-9][a-z0-9-]{0,63}$/.test(proposed || "") ? proposed : fallback || "entry";
    if (taken.indexOf(base) < 0) return base;
    for (var n = 2; ; n++) {
      var suffix = "-" + n;
      var candidate = base.slice(0, maxLength - suffix.length).replace(/-$/, "") + suffix;
      if (taken.indexOf(candidate) < 0) return candidate;
    }
  }

  window.PlaybookIds = { fromName: fromName, fromPerson: fromPerson, unique: unique };
})();
