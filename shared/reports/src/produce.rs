//! Reading the tests a page at a time and writing each page's rows to a sink at once.

use crate::rows::{RemediationRow, TestResult};
use crate::{Encoder, ReportError};
use domain::report::{ReportKind, ReportSpec};
use platform::AppState;
use store::objects::FileWriter;
use store::validation::TestFilter;
use store::{Db, PageRequest, StoreError};

/// Tests read per query.
const PAGE: u32 = 500;

/// Where a report's bytes go: memory for an answer in the request, a file written to the
/// bucket in parts for an export job.
pub trait Sink {
    fn write(&mut self, bytes: Vec<u8>) -> impl Future<Output = Result<(), StoreError>> + Send;
}

impl Sink for Vec<u8> {
    async fn write(&mut self, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.extend(bytes);
        Ok(())
    }
}

impl Sink for FileWriter {
    async fn write(&mut self, bytes: Vec<u8>) -> Result<(), StoreError> {
        FileWriter::write(self, &bytes).await
    }
}

/// How many tests the domain holds, from the technique counters the lifecycle keeps (no test
/// is read): what decides between an answer in the request and an export job.
pub async fn tests_in_domain(db: &Db, domain: &str) -> Result<u64, StoreError> {
    let index = store::catalog::technique_index(db, domain).await?;
    Ok(coverage::matrix::tests_by_state(index.coverage.values()).values().sum())
}

/// Writes the report `spec` to `sink` and returns its rows.
pub async fn produce(state: &AppState, spec: &ReportSpec, sink: &mut impl Sink) -> Result<u64, ReportError> {
    let filter = TestFilter {
        domain: spec.domain.as_str().into(),
        from: spec.from,
        to: spec.to,
        ..Default::default()
    };
    let header: &[&str] = match spec.kind {
        ReportKind::TestResults => &TestResult::HEADER,
        ReportKind::Remediation => &RemediationRow::HEADER,
    };
    let mut encoder = Encoder::new(spec.format, header)?;
    let mut page = Some(PageRequest::first(PAGE));
    while let Some(request) = page.take() {
        let tests = store::validation::list(&state.db, &filter, &request).await?;
        page = tests.next_cursor.map(|c| PageRequest::new(Some(PAGE), Some(c)));
        match spec.kind {
            ReportKind::TestResults => {
                let rows: Vec<TestResult> = tests.items.into_iter().map(TestResult::of).collect();
                encoder.page(&rows, TestResult::cells)?;
            }
            ReportKind::Remediation => {
                let mut rows = Vec::new();
                for test in tests.items.iter().filter(|t| t.has_gap()) {
                    rows.extend(RemediationRow::of(
                        test,
                        store::remediation::list(&state.db, test.id).await?,
                    ));
                }
                encoder.page(&rows, RemediationRow::cells)?;
            }
        }
        sink.write(encoder.take()).await?;
    }
    encoder.finish();
    sink.write(encoder.take()).await?;
    Ok(encoder.rows())
}
