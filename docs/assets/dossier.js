/* « Mon dossier de clauses » : des blocs de texte ({style, runs: [[texte, à adapter ?]]}) écrits en .docx
   (WordprocessingML) ou en .odt (OpenDocument), dans une archive ZIP sans compression faite ici (aucune
   bibliothèque ni requête). Styles : titre, h1, h2, h3, p, note (italique), minimum (chiffres à reporter). */
(function () {
  "use strict";
  var TEXT = new TextEncoder();
  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    CRC[n] = c >>> 0;
  }
  function crc32(bytes) {
    var c = -1;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 255] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }
  // files: [[name, text]], stored as they are (the first one first: an OpenDocument's mimetype)
  function zip(files, type) {
    var parts = [], central = [], offset = 0, now = new Date();
    var day = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
    files.forEach(function (file) {
      var name = TEXT.encode(file[0]), data = TEXT.encode(file[1]), crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30)), entry = new DataView(new ArrayBuffer(46));
      // the same fields from "version needed" on, at 4 in the local header and at 6 in the central directory
      [[local, 0x04034b50, 4], [entry, 0x02014b50, 6]].forEach(function (h) {
        var v = h[0], at = h[2];
        v.setUint32(0, h[1], true);
        v.setUint16(at, 20, true);
        v.setUint16(at + 2, 0x0800, true);  // names in UTF-8; method 0 (stored), time 0
        v.setUint16(at + 8, day, true);
        v.setUint32(at + 10, crc, true);
        v.setUint32(at + 14, data.length, true);
        v.setUint32(at + 18, data.length, true);
        v.setUint16(at + 22, name.length, true);
      });
      entry.setUint16(4, 20, true);  // made by
      entry.setUint32(42, offset, true);
      parts.push(local.buffer, name, data);
      central.push(entry.buffer, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (s, b) { return s + b.byteLength; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, size, true);
    end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end.buffer]), { type: type });
  }
  function xml(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  var HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  // --- Word ---
  var W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  var REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  var WORD_STYLE = { titre: "Title", h1: "Heading1", h2: "Heading2", h3: "Heading3" };
  function wordStyle(id, name, size, level) {
    return '<w:style w:type="paragraph" w:styleId="' + id + '"><w:name w:val="' + name + '"/><w:basedOn w:val="Normal"/>' +
      '<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/>' +
      (level === null ? "" : '<w:outlineLvl w:val="' + level + '"/>') + '</w:pPr><w:rPr><w:b/><w:sz w:val="' + size + '"/></w:rPr></w:style>';
  }
  function docx(blocks, title) {
    var body = blocks.map(function (b) {
      var style = WORD_STYLE[b.style] ? '<w:pPr><w:pStyle w:val="' + WORD_STYLE[b.style] + '"/></w:pPr>' : "";
      return "<w:p>" + style + b.runs.map(function (r) {
        var props = (r[1] ? '<w:b/><w:highlight w:val="yellow"/>' : "") + (b.style === "note" || b.style === "minimum" ? "<w:i/>" : "");
        return "<w:r>" + (props ? "<w:rPr>" + props + "</w:rPr>" : "") + '<w:t xml:space="preserve">' + xml(r[0]) + "</w:t></w:r>";
      }).join("") + "</w:p>";
    }).join("");
    return zip([
      ["[Content_Types].xml", HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'],
      ["_rels/.rels", HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + REL + 'officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'],
      ["word/_rels/document.xml.rels", HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + REL + 'styles" Target="styles.xml"/></Relationships>'],
      ["word/styles.xml", HEAD + '<w:styles xmlns:w="' + W + '"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/>' +
        '<w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>' +
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
        wordStyle("Title", "Title", 36, null) + wordStyle("Heading1", "heading 1", 32, 0) + wordStyle("Heading2", "heading 2", 28, 1) +
        wordStyle("Heading3", "heading 3", 24, 2) + "</w:styles>"],
      ["docProps/core.xml", HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>' + xml(title) + "</dc:title><dc:language>fr-FR</dc:language></cp:coreProperties>"],
      ["word/document.xml", HEAD + '<w:document xmlns:w="' + W + '"><w:body>' + body +
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" ' +
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>'],
    ], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  }

  // --- OpenDocument ---
  var NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"';
  var LEVEL = { titre: 1, h1: 1, h2: 2, h3: 3 };
  function odfStyle(name, family, props) {
    return '<style:style style:name="' + name + '" style:family="' + family + '"><style:text-properties ' + props + "/></style:style>";
  }
  function odt(blocks, title) {
    var body = blocks.map(function (b) {
      var runs = b.runs.map(function (r) {
        return r[1] ? '<text:span text:style-name="A_adapter">' + xml(r[0]) + "</text:span>" : xml(r[0]);
      }).join("");
      if (b.style === "titre") return '<text:p text:style-name="Titre">' + runs + "</text:p>";
      if (LEVEL[b.style]) return '<text:h text:style-name="Titre' + LEVEL[b.style] + '" text:outline-level="' + LEVEL[b.style] + '">' + runs + "</text:h>";
      return "<text:p" + (b.style === "p" ? "" : ' text:style-name="Note"') + ">" + runs + "</text:p>";
    }).join("");
    return zip([
      ["mimetype", "application/vnd.oasis.opendocument.text"],
      ["META-INF/manifest.xml", HEAD + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>'],
      ["styles.xml", HEAD + "<office:document-styles " + NS + '><office:styles><style:default-style style:family="paragraph">' +
        '<style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="11pt" fo:language="fr" fo:country="FR"/>' +
        "</style:default-style></office:styles></office:document-styles>"],
      ["meta.xml", HEAD + "<office:document-meta " + NS + "><office:meta><dc:title>" + xml(title) + "</dc:title><dc:language>fr-FR</dc:language>" +
        "</office:meta></office:document-meta>"],
      ["content.xml", HEAD + "<office:document-content " + NS + "><office:automatic-styles>" +
        odfStyle("A_adapter", "text", 'fo:background-color="#fff3a0" fo:font-weight="bold"') +
        odfStyle("Note", "paragraph", 'fo:font-style="italic" fo:color="#4a4a4a"') +
        odfStyle("Titre", "paragraph", 'fo:font-size="18pt" fo:font-weight="bold"') +
        odfStyle("Titre1", "paragraph", 'fo:font-size="16pt" fo:font-weight="bold"') +
        odfStyle("Titre2", "paragraph", 'fo:font-size="14pt" fo:font-weight="bold"') +
        odfStyle("Titre3", "paragraph", 'fo:font-size="12pt" fo:font-weight="bold"') +
        "</office:automatic-styles><office:body><office:text>" + body + "</office:text></office:body></office:document-content>"],
    ], "application/vnd.oasis.opendocument.text");
  }

  // --- Kit de suivi: the rows of macros/reporting.py (telechargements/suivi-indicateurs.json), one column per
  // reporting period of the execution years (the finest frequency of the rows; « — » where a row reports less often)
  var MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
  var KIT_HEAD = ["Clause", "Indicateur", "Unité", "Fréquence", "Preuve attendue", "Cible (clause, à adapter)"];
  var KIT_WIDTHS = [40, 40, 14, 16, 30, 30];  // characters, as macros/reporting.py; a period's column: 10
  function widths(count) {
    var out = KIT_WIDTHS.slice();
    while (out.length < count) out.push(10);
    return out;
  }
  function periods(years, perYear) {
    var out = [];
    years.forEach(function (year) {
      for (var i = 0; i < perYear; i++) {
        var endMonth = (i + 1) * 12 / perYear;  // last day: the day before the first of the next month
        var last = new Date(Date.UTC(year, endMonth, 1) - 86400000).toISOString().slice(0, 10);
        var label = perYear === 1 ? String(year) : perYear === 2 ? year + " S" + (i + 1) :
          perYear === 4 ? year + " T" + (i + 1) : MONTHS[i] + " " + year;
        out.push([label, last]);
      }
    });
    return out;
  }
  function kitTable(rows, years) {
    var finest = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.par_an; })));
    var columns = periods(years, finest);
    var head = KIT_HEAD.concat(columns.map(function (c) { return c[0]; }));
    var cells = rows.map(function (r) {
      var ends = periods(years, r.par_an).map(function (p) { return p[1]; });
      return [r.titre, r.indicateur, r.unite, r.frequence, r.preuve, r.cible].concat(columns.map(function (c) {
        return ends.indexOf(c[1]) >= 0 ? "" : "—";
      }));
    });
    return [head].concat(cells);
  }
  function ods(rows, years, title) {
    var NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
      'office:version="1.3"';
    var table = kitTable(rows, years), sizes = widths(table[0].length);
    var styles = sizes.map(function (w, i) {
      return '<style:style style:name="co' + i + '" style:family="table-column"><style:table-column-properties ' +
        'style:column-width="' + (w * 0.19).toFixed(2) + 'cm"/></style:style>';
    }).join("") + '<style:style style:name="retour" style:family="table-cell"><style:table-cell-properties ' +
      'fo:wrap-option="wrap" style:vertical-align="top"/></style:style>';
    var columns = sizes.map(function (w, i) { return '<table:table-column table:style-name="co' + i + '"/>'; }).join("");
    var body = [[title]].concat(table).map(function (row, r) {
      return "<table:table-row>" + row.map(function (v) {
        return "<table:table-cell" + (r ? ' table:style-name="retour"' : "") + ' office:value-type="string"><text:p>' +
          xml(v) + "</text:p></table:table-cell>";
      }).join("") + "</table:table-row>";
    }).join("");
    return zip([
      ["mimetype", "application/vnd.oasis.opendocument.spreadsheet"],
      ["META-INF/manifest.xml", HEAD + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'],
      ["content.xml", HEAD + "<office:document-content " + NS + "><office:automatic-styles>" + styles +
        '</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Suivi">' + columns +
        body + "</table:table></office:spreadsheet></office:body></office:document-content>"],
    ], "application/vnd.oasis.opendocument.spreadsheet");
  }
  function column(n) {  // 0 → A, 26 → AA
    var name = "";
    for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + (n - 1) % 26) + name;
    return name;
  }
  function xlsx(rows, years, title) {
    var SS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    var PKG = "http://schemas.openxmlformats.org/package/2006/";
    var table = kitTable(rows, years);
    var cols = "<cols>" + widths(table[0].length).map(function (w, i) {
      return '<col min="' + (i + 1) + '" max="' + (i + 1) + '" width="' + w + '" customWidth="1"/>';
    }).join("") + "</cols>";
    var data = [[title]].concat(table).map(function (row, r) {
      return '<row r="' + (r + 1) + '">' + row.map(function (v, c) {
        return '<c r="' + column(c) + (r + 1) + '" t="inlineStr"><is><t xml:space="preserve">' + xml(v) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    return zip([
      ["[Content_Types].xml", HEAD + '<Types xmlns="' + PKG + 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
      ["_rels/.rels", HEAD + '<Relationships xmlns="' + PKG + 'relationships"><Relationship Id="rId1" Type="' + REL + 'officeDocument" Target="xl/workbook.xml"/></Relationships>'],
      ["xl/workbook.xml", HEAD + '<workbook xmlns="' + SS + '" xmlns:r="' + REL.slice(0, -1) + '"><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ["xl/_rels/workbook.xml.rels", HEAD + '<Relationships xmlns="' + PKG + 'relationships"><Relationship Id="rId1" Type="' + REL + 'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
      ["xl/worksheets/sheet1.xml", HEAD + '<worksheet xmlns="' + SS + '">' + cols + "<sheetData>" + data + "</sheetData></worksheet>"],
    ], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }
  function ics(rows, years, title, url) {
    var due = {};
    rows.forEach(function (r) {
      periods(years, r.par_an).forEach(function (p) { (due[p[1]] = due[p[1]] || []).push(r.indicateur + " (" + p[0] + ")"); });
    });
    function text(v) { return String(v).replace(/[\\;,]/g, function (c) { return "\\" + c; }).replace(/\n/g, "\\n"); }
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Achats circulaires Ile-de-France//Kit de suivi//FR",
      "X-WR-CALNAME:" + text(title)];
    Object.keys(due).sort().forEach(function (day) {
      var compact = day.replace(/-/g, "");
      lines.push("BEGIN:VEVENT", "UID:suivi-" + day + "-" + rows.length + "@achats-circulaires-idf", "DTSTAMP:" + compact + "T000000Z",
        "DTSTART;VALUE=DATE:" + compact, "SUMMARY:" + text("Indicateurs de suivi à recueillir (" + due[day].length + ")"),
        "DESCRIPTION:" + text(due[day].join("\n")), "URL:" + url, "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return new Blob([lines.join("\r\n") + "\r\n"], { type: "text/calendar" });
  }

  window.AchatsDossier = { docx: docx, odt: odt, kit: { ods: ods, xlsx: xlsx, ics: ics } };
})();
