// Typed client of the e-license chaincode: filled in by its issue.
export {};
