//! A report's bytes, a page of rows at a time: a JSON array, or CSV with a byte-order mark (so
//! spreadsheet programs detect UTF-8), RFC 4180 quoting and formula-like cells neutralised
//! (`coverage::csv_out::safe`).

use crate::ReportError;
use coverage::csv_out::safe;
use domain::report::ReportFormat;
use serde::Serialize;

pub struct Encoder {
    format: ReportFormat,
    buffer: Vec<u8>,
    rows: u64,
}

impl Encoder {
    /// Starts a report: the CSV header (`header`) or the JSON array's opening bracket.
    pub fn new(format: ReportFormat, header: &[&str]) -> Result<Self, ReportError> {
        let mut buffer = Vec::new();
        match format {
            ReportFormat::Json => buffer.push(b'['),
            ReportFormat::Csv => {
                buffer.extend_from_slice("\u{feff}".as_bytes());
                let mut w = csv::Writer::from_writer(&mut buffer);
                w.write_record(header)?;
                w.flush()?;
            }
        }
        Ok(Encoder { format, buffer, rows: 0 })
    }

    /// Appends rows: serialised as they are for JSON, as `cells` for CSV.
    pub fn page<T: Serialize>(
        &mut self,
        rows: &[T],
        cells: impl Fn(&T) -> Vec<String>,
    ) -> Result<(), ReportError> {
        match self.format {
            ReportFormat::Json => {
                for row in rows {
                    if self.rows > 0 {
                        self.buffer.push(b',');
                    }
                    serde_json::to_writer(&mut self.buffer, row)?;
                    self.rows += 1;
                }
            }
            ReportFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut self.buffer);
                for row in rows {
                    w.write_record(cells(row).iter().map(|c| safe(c)))?;
                }
                w.flush()?;
                self.rows += rows.len() as u64;
            }
        }
        Ok(())
    }

    /// Ends the report (the JSON array's closing bracket).
    pub fn finish(&mut self) {
        if self.format == ReportFormat::Json {
            self.buffer.push(b']');
        }
    }

    /// The bytes produced since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buffer)
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        a: String,
        b: u32,
    }

    fn cells(r: &Row) -> Vec<String> {
        vec![r.a.clone(), r.b.to_string()]
    }

    fn encode(format: ReportFormat, pages: &[Vec<Row>]) -> (String, u64) {
        let mut e = Encoder::new(format, &["a", "b"]).unwrap();
        let mut out = e.take();
        for page in pages {
            e.page(page, cells).unwrap();
            out.extend(e.take());
        }
        e.finish();
        out.extend(e.take());
        (String::from_utf8(out).unwrap(), e.rows())
    }

    #[test]
    fn json_is_one_array_across_pages() {
        let pages = vec![vec![Row { a: "x".into(), b: 1 }], vec![], vec![Row { a: "y".into(), b: 2 }]];
        let (text, rows) = encode(ReportFormat::Json, &pages);
        assert_eq!(text, r#"[{"a":"x","b":1},{"a":"y","b":2}]"#);
        assert_eq!(rows, 2);
        assert_eq!(encode(ReportFormat::Json, &[]).0, "[]");
    }

    #[test]
    fn csv_has_one_header_quotes_and_neutralises_formulas() {
        let pages = vec![vec![Row { a: "x, \"y\"".into(), b: 1 }], vec![Row { a: "=1+1".into(), b: 2 }]];
        let (text, rows) = encode(ReportFormat::Csv, &pages);
        assert_eq!(text, "\u{feff}a,b\n\"x, \"\"y\"\"\",1\n'=1+1,2\n");
        assert_eq!(rows, 2);
    }
}
