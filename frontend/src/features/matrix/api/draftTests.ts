//! Draft tests for techniques: shared with the threat actor page (`api/draftTests.ts`).
export * from "@/api/draftTests";
