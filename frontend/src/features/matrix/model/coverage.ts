//! The matrix's cell rules live in `lib/cellCoverage.ts`, shared with the threat actor page's
//! "create tests for the uncovered" (features do not import each other).
export * from "@/lib/cellCoverage";
