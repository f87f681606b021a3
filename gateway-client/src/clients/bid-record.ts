// Typed client of the bid-record chaincode: filled in by its issue.
export {};
