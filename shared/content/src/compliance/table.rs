//! A framework as CSV: `control_id,control_name,technique_id[,mapping_type]` under a header row
//! naming those columns. Fields are read by the `csv` crate (quoted fields may hold commas and
//! line breaks) and trimmed; a row is a record, numbered from 1 with the header as row 1.

use domain::compliance::RowError;

use super::{Builder, ParsedFramework};
use crate::templates::technique_id;

const COLUMNS: [&str; 4] = ["control_id", "control_name", "technique_id", "mapping_type"];

/// CSV `control_id,control_name,technique_id[,mapping_type]` with a header row; ALL bad rows
/// reported (row numbers 1-based counting the header), nothing returned when any row is bad.
pub fn parse_control_csv(name: &str, text: &str) -> Result<ParsedFramework, Vec<RowError>> {
    let error = |row: usize, reason: String| RowError { row, reason };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![error(1, format!("not CSV: {e}"))]),
        None => return Err(vec![error(1, "the file is empty".into())]),
    };
    let columns: Vec<String> = header.iter().map(str::to_ascii_lowercase).collect();
    let width = columns.len();
    if !(3..=4).contains(&width) || columns.iter().zip(COLUMNS).any(|(c, want)| c != want) {
        return Err(vec![error(
            1,
            format!(
                "the header is `{}`, not `{}[,{}]`",
                columns.join(","),
                COLUMNS[..3].join(","),
                COLUMNS[3]
            ),
        )]);
    }
    let mut builder = Builder::default();
    let mut errors = Vec::new();
    let mut rows = 0;
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(error(row, format!("not CSV: {e}")));
                continue;
            }
        };
        rows += 1;
        if record.len() != width {
            errors.push(error(row, format!("{} columns where the header has {width}", record.len())));
            continue;
        }
        let mut reasons = Vec::new();
        let control = &record[0];
        if control.is_empty() {
            reasons.push("the control id is empty".to_owned());
        }
        let technique = technique_id(&record[2]);
        if technique.is_none() {
            reasons.push(format!("`{}` is not an ATT&CK technique id", &record[2]));
        }
        match technique {
            Some(technique) if reasons.is_empty() => {
                builder.control(control, Some(&record[1]), None);
                builder.mapping(control, technique, record.get(3));
            }
            _ => errors.push(error(row, reasons.join("; "))),
        }
    }
    if rows == 0 {
        errors.push(error(1, "no rows under the header".into()));
    }
    if errors.is_empty() { Ok(builder.build(name.trim().to_owned())) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cis_style_file_gives_controls_and_mappings() {
        let text = "\u{feff}control_id,control_name,technique_id,mapping_type\n\
            4.1,\"Establish and Maintain a Secure Configuration Process\",T1078,mitigates\n\
            4.1,Ignored second name,t1078.001,\n\
            \"1.1\",\"Establish and Maintain Detailed Enterprise Asset Inventory, Including Cloud\", T1200 ,detects\n\
            4.1,Establish and Maintain a Secure Configuration Process,T1078,mitigates\n";
        let parsed = parse_control_csv(" CIS Controls v8 ", text).unwrap();
        assert_eq!(
            (parsed.name.as_str(), parsed.skipped, parsed.version.as_deref()),
            ("CIS Controls v8", 0, None)
        );
        let controls: Vec<(&str, &str, Option<&str>)> = parsed
            .controls
            .iter()
            .map(|c| (c.control_id.as_str(), c.name.as_str(), c.family.as_deref()))
            .collect();
        assert_eq!(
            controls,
            [
                (
                    "1.1",
                    "Establish and Maintain Detailed Enterprise Asset Inventory, Including Cloud",
                    Some("1")
                ),
                ("4.1", "Establish and Maintain a Secure Configuration Process", Some("4")),
            ]
        );
        let mappings: Vec<(&str, &str, Option<&str>)> = parsed
            .mappings
            .iter()
            .map(|m| (m.control_id.as_str(), m.technique_id.as_str(), m.mapping_type.as_deref()))
            .collect();
        assert_eq!(
            mappings,
            [
                ("1.1", "T1200", Some("detects")),
                ("4.1", "T1078", Some("mitigates")),
                ("4.1", "T1078.001", None)
            ]
        );
        // Three columns are enough
        let short = parse_control_csv(
            "x",
            "control_id,control_name,technique_id\r\nAC-2,Account Management,T1078\r\n",
        );
        assert_eq!(short.unwrap().mappings[0].mapping_type, None);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_number() {
        let text = "control_id,control_name,technique_id,mapping_type\n\
            4.1,Good,T1078,mitigates\n\
            4.2,Bad technique,X1,mitigates\n\
            ,No control,T1059,mitigates\n\
            4.3,Too,many,columns,here\n\
            4.4,Too few\n\
            \"4.5\",\"Quoted, with a comma\",T1059.001,\"mitigates\"\n\
            ,Both wrong,T12,\n";
        let errors = parse_control_csv("CIS", text).unwrap_err();
        let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.reason.as_str())).collect();
        assert_eq!(
            got,
            [
                (3, "`X1` is not an ATT&CK technique id"),
                (4, "the control id is empty"),
                (5, "5 columns where the header has 4"),
                (6, "2 columns where the header has 4"),
                (8, "the control id is empty; `T12` is not an ATT&CK technique id"),
            ]
        );
    }

    #[test]
    fn a_missing_column_or_an_empty_file_is_refused_at_the_header() {
        let errors = parse_control_csv("CIS", "control_id,control_name\n4.1,Good\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].row, 1);
        assert_eq!(
            errors[0].reason,
            "the header is `control_id,control_name`, not `control_id,control_name,technique_id[,mapping_type]`"
        );
        assert_eq!(parse_control_csv("CIS", "").unwrap_err()[0].reason, "the file is empty");
        let none = parse_control_csv("CIS", "control_id,control_name,technique_id\n").unwrap_err();
        assert_eq!((none[0].row, none[0].reason.as_str()), (1, "no rows under the header"));
    }
}
