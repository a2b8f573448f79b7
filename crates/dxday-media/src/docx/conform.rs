//! docx-rs writes some properties out of the order Ecma-376 prescribes (`w:jc` after
//! `w:rPr` in a paragraph's properties, `w:headerReference` after `w:pgSz`, …), and
//! Microsoft Word then offers to "repair" the file. This pass rewrites the XML parts
//! of the package: the children of the property elements in the schema's sequence
//! (the lists below come from `wml.xsd`), markup-compatibility extensions the schema
//! does not know dropped (`w14:paraId` and the like, marked "Ignorable": a consumer
//! may ignore them, and dxday needs none), an attribute the schema does not allow
//! (`w:gridCol/@w:type`) removed, and the document's language set to Vietnamese
//! (`w:lang w:val="vi-VN"` in the default run properties). Everything else is written
//! back as it was.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use crate::MediaError;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// Paragraph properties (CT_PPr).
const P_PR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// Section properties (CT_SectPr): the header and footer references first.
const SECT_PR: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

/// Table properties (CT_TblPr).
const TBL_PR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];

/// Table cell properties (CT_TcPr).
const TC_PR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns|cellDel|cellMerge",
    "tcPrChange",
];

/// Borders of a table, a cell, a paragraph.
const BORDERS: &[&str] = &[
    "top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl",
];
const P_BDR: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];

/// A numbering level (CT_Lvl), an abstract numbering, the numbering part.
const LVL: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];
const ABSTRACT_NUM: &[&str] = &[
    "nsid",
    "multiLevelType",
    "tmpl",
    "name",
    "styleLink",
    "numStyleLink",
    "lvl",
];
const NUMBERING: &[&str] = &["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"];

/// A style (CT_Style), the styles part, its defaults.
const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];
const STYLES: &[&str] = &["docDefaults", "latentStyles", "style"];
const DOC_DEFAULTS: &[&str] = &["rPrDefault", "pPrDefault"];

/// The document settings (CT_Settings).
const SETTINGS: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

/// The sequence of `parent`'s children, when the schema fixes one that docx-rs can miss.
fn sequence(parent: &str, above: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "pPr" => P_PR,
        "sectPr" => SECT_PR,
        "tblPr" => TBL_PR,
        "tcPr" => TC_PR,
        "tblBorders" | "tcBorders" => BORDERS,
        "pBdr" => P_BDR,
        "lvl" => LVL,
        "abstractNum" => ABSTRACT_NUM,
        "numbering" => NUMBERING,
        "style" => STYLE,
        "styles" => STYLES,
        "docDefaults" => DOC_DEFAULTS,
        "settings" if above.is_empty() => SETTINGS,
        _ => return None,
    })
}

fn rank(order: &[&str], name: &str) -> usize {
    order
        .iter()
        .position(|o| o.split('|').any(|n| n == name))
        .unwrap_or(order.len())
}

/// The package with its WordprocessingML parts conforming to the schema.
pub(super) fn conform(package: &[u8]) -> Result<Vec<u8>, MediaError> {
    let bad = |e: &dyn std::fmt::Display| MediaError::Encode(format!("DOCX: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| bad(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| bad(&e))?;
        let name = entry.name().map_err(|e| bad(&e))?.to_string();
        if entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| bad(&e))?;
        let bytes = if name.starts_with("word/") && name.ends_with(".xml") {
            let text = std::str::from_utf8(&bytes).map_err(|e| bad(&e))?;
            rewrite(text).map_err(|e| bad(&e))?.into_bytes()
        } else {
            bytes
        };
        out.start_file(name, opts).map_err(|e| bad(&e))?;
        out.write_all(&bytes).map_err(|e| bad(&e))?;
    }
    Ok(out.finish().map_err(|e| bad(&e))?.into_inner())
}

/// One XML part, rewritten.
fn rewrite(xml: &str) -> Result<String, roxmltree::Error> {
    let doc = roxmltree::Document::parse(xml)?;
    let root = doc.root_element();
    // The namespaces a consumer may ignore, by the prefixes the root lists.
    let ignorable: HashSet<&str> = root
        .attribute((MC, "Ignorable"))
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|prefix| root.lookup_namespace_uri(Some(prefix)))
        .collect();
    let mut out = String::with_capacity(xml.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    write_element(root, None, &ignorable, &mut out);
    Ok(out)
}

fn qualified(node: roxmltree::Node, uri: Option<&str>, local: &str) -> String {
    match uri {
        Some(XML) => format!("xml:{local}"),
        Some(uri) => match node.lookup_prefix(uri) {
            Some(p) if !p.is_empty() => format!("{p}:{local}"),
            _ => local.to_string(),
        },
        None => local.to_string(),
    }
}

fn write_element(
    node: roxmltree::Node,
    parent: Option<roxmltree::Node>,
    ignorable: &HashSet<&str>,
    out: &mut String,
) {
    let tag = node.tag_name();
    let name = qualified(node, tag.namespace(), tag.name());
    out.push('<');
    out.push_str(&name);
    // Namespace declarations new at this element.
    let inherited: HashSet<(Option<&str>, &str)> = parent
        .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
        .unwrap_or_default();
    for ns in node.namespaces() {
        if ns.uri() == XML || inherited.contains(&(ns.name(), ns.uri())) {
            continue;
        }
        match ns.name() {
            Some(prefix) => {
                out.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape(ns.uri(), true)))
            }
            None => out.push_str(&format!(" xmlns=\"{}\"", escape(ns.uri(), true))),
        }
    }
    let in_w = tag.namespace() == Some(W);
    for a in node.attributes() {
        let ns = a.namespace();
        if ns.is_some_and(|u| ignorable.contains(u)) || (ns == Some(MC) && a.name() == "Ignorable")
        {
            continue;
        }
        if in_w && tag.name() == "gridCol" && a.name() == "type" {
            continue;
        }
        out.push(' ');
        out.push_str(&qualified(node, ns, a.name()));
        out.push_str("=\"");
        out.push_str(&escape(a.value(), true));
        out.push('"');
    }
    let parent_name = parent.map_or("", |p| p.tag_name().name());
    let order = if in_w {
        sequence(tag.name(), parent_name)
    } else {
        None
    };
    let mut children: Vec<roxmltree::Node> = node
        .children()
        .filter(|c| {
            !(c.is_element()
                && c.tag_name()
                    .namespace()
                    .is_some_and(|u| ignorable.contains(u)))
        })
        .filter(|c| c.is_element() || c.is_text())
        .collect();
    // A paragraph's properties outside a paragraph (a style's, a numbering level's, the
    // defaults') are CT_PPrGeneral: no run properties of a paragraph mark there.
    if in_w && tag.name() == "pPr" && parent_name != "p" {
        children.retain(|c| !matches!(c.tag_name().name(), "rPr" | "sectPr" | "pPrChange"));
    }
    if let Some(order) = order {
        children.retain(|c| c.is_element());
        children.sort_by_key(|c| {
            if c.tag_name().namespace() == Some(W) {
                rank(order, c.tag_name().name())
            } else {
                order.len()
            }
        });
    }
    // A child dxday adds, last: the document's language, Vietnamese, in the default run
    // properties (so spelling, hyphenation and screen readers take the text as
    // Vietnamese), or a body table's header mark below.
    let mut added = (in_w
        && tag.name() == "rPr"
        && parent_name == "rPrDefault"
        && !children.iter().any(|c| c.tag_name().name() == "lang"))
    .then(|| {
        format!(
            "<{} {}=\"vi-VN\"/>",
            qualified(node, Some(W), "lang"),
            qualified(node, Some(W), "val")
        )
    });
    // A body table's rows do not split (dxday marks them `cantSplit`): its first row is
    // the header Word repeats at the top of each page.
    if in_w
        && tag.name() == "trPr"
        && children.iter().any(|c| c.tag_name().name() == "cantSplit")
        && !children.iter().any(|c| c.tag_name().name() == "tblHeader")
        && parent.is_some_and(|row| {
            row.prev_sibling_element()
                .is_none_or(|p| p.tag_name().name() != "tr")
        })
    {
        added = Some(format!("<{}/>", qualified(node, Some(W), "tblHeader")));
    }
    if children.is_empty() && added.is_none() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in children {
        if in_w && tag.name() == "r" && c.tag_name().name() == "t" && no_break_hyphens(c, out) {
            continue;
        }
        if c.is_element() {
            write_element(c, Some(node), ignorable, out);
        } else if let Some(t) = c.text() {
            out.push_str(&escape(t, false));
        }
    }
    if let Some(extra) = added {
        out.push_str(&extra);
    }
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
}

/// A run's text with non-breaking hyphens (U+2011), written as Word writes them: the
/// text's pieces, each hyphen a `w:noBreakHyphen` between them. False (nothing
/// written) for a text without one.
fn no_break_hyphens(t: roxmltree::Node, out: &mut String) -> bool {
    let text = t.text().unwrap_or("");
    if !text.contains('\u{2011}') {
        return false;
    }
    let name = qualified(t, Some(W), "t");
    let hyphen = qualified(t, Some(W), "noBreakHyphen");
    for (i, piece) in text.split('\u{2011}').enumerate() {
        if i > 0 {
            out.push_str(&format!("<{hyphen}/>"));
        }
        if !piece.is_empty() {
            out.push_str(&format!(
                "<{name} xml:space=\"preserve\">{}</{name}>",
                escape(piece, false)
            ));
        }
    }
    true
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_follow_the_schema_and_extensions_go() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body><w:p w14:paraId="1A"><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr><w:r><w:t xml:space="preserve">A &amp; B </w:t></w:r></w:p><w:tbl><w:tblGrid><w:gridCol w:w="100" w:type="dxa"/></w:tblGrid></w:tbl><w:sectPr><w:pgSz w:w="11906"/><w:headerReference w:type="default"/></w:sectPr></w:body></w:document>"#;
        let out = rewrite(xml).expect("xml");
        assert!(
            out.contains(r#"<w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/><w:rPr><w:b/></w:rPr></w:pPr>"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<w:sectPr><w:headerReference w:type="default"/><w:pgSz w:w="11906"/></w:sectPr>"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"<w:t xml:space="preserve">A &amp; B </w:t>"#),
            "{out}"
        );
        assert!(out.contains(r#"<w:gridCol w:w="100"/>"#), "{out}");
        assert!(
            !out.contains("paraId") && !out.contains("Ignorable"),
            "{out}"
        );
        assert!(roxmltree::Document::parse(&out).is_ok());
        // The default run properties say the text is Vietnamese.
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#;
        assert!(
            rewrite(styles)
                .expect("xml")
                .contains(r#"<w:rPr><w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>"#)
        );
        // A style's paragraph properties carry no run properties.
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style><w:pPr><w:rPr/><w:jc w:val="left"/></w:pPr><w:name w:val="N"/></w:style></w:styles>"#;
        assert!(rewrite(styles).expect("xml").contains(
            r#"<w:style><w:name w:val="N"/><w:pPr><w:jc w:val="left"/></w:pPr></w:style>"#
        ));
    }
}
