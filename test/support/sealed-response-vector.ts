/**
 * The test vector of sealed responses, checked by both sides: the chaincode's sealing
 * (chaincode/common/src/sealed-response.ts) and the gateway client's opening
 * (gateway-client/src/sealed-response.ts). Computed independently with Python's `cryptography`
 * (AESGCM): IV = SHA-256("govchain/response/v1" ‖ 0x00 ‖ label)[0..12], AAD = label.
 */
export const SEALED_RESPONSE_VECTOR = {
  /** The key, bytes 0x00…0x1f, in base64 as it travels in transient `responseKey`. */
  keyBase64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  chaincode: 'e-license',
  transaction: 'ReadLicenseDetail',
  transactionId: '6f1c0a1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
  label: 'e-license/ReadLicenseDetail/6f1c0a1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
  plaintext: '{"idNumber":"11010519491231002X","name":"Zhang Wei"}',
  /** The chaincode's response, byte for byte. */
  sealed:
    '{"alg":"A256GCM","ciphertext":"IfYa1vUgkgy71d/FlcaYVAOFTCtR3T72BcAjewu65dTKFu+Lqojgl2h7+vI1kHSRH2WXVA==","iv":"/JuJ6saEZelh1RbT","tag":"fqM52xIUUCj3jFsbXMQiTg=="}',
} as const;
