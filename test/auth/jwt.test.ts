import assert from "node:assert/strict";
import { SignJWT, UnsecuredJWT } from "jose";
import { createLocalVerifier, TokenError, type TokenRefusal } from "../../src/auth/jwt.js";

const SECRET = "s".repeat(40);
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

async function refusal(promise: Promise<unknown>): Promise<TokenRefusal> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TokenError, String(error));
    return error.reason;
  }
  assert.fail("token was accepted");
}

describe("JWT verification (HS256)", () => {
  const verify = createLocalVerifier({ jwtSecret: SECRET })!;

  it("accepts a valid token and returns its subject and display name", async () => {
    const token = await new SignJWT({ name: "Alice" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1").setExpirationTime("1h").sign(key);
    const identity = await verify(token);
    assert.equal(identity.userId, "user-1");
    assert.equal(identity.displayName, "Alice");
  });

  it("refuses missing, garbage, wrong-secret, alg:none, other algorithms, expired, not-yet-valid and subject-less tokens", async () => {
    assert.equal(await refusal(verify(undefined)), "missing");
    assert.equal(await refusal(verify("")), "missing");
    assert.equal(await refusal(verify("not.a.jwt")), "malformed");
    const wrongSecret = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("u").sign(new TextEncoder().encode("x".repeat(40)));
    assert.equal(await refusal(verify(wrongSecret)), "bad_signature");
    const none = new UnsecuredJWT({ sub: "u" }).encode();
    assert.equal(await refusal(verify(none)), "wrong_algorithm");
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: "HS512" }).setSubject("u").sign(key);
    assert.equal(await refusal(verify(hs512)), "wrong_algorithm");
    const expired = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("u").setExpirationTime(now() - 60).sign(key);
    assert.equal(await refusal(verify(expired)), "expired");
    const future = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("u").setNotBefore(now() + 600).sign(key);
    assert.equal(await refusal(verify(future)), "not_yet_valid");
    const noSubject = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(key);
    assert.equal(await refusal(verify(noSubject)), "no_subject");
  });

  it("is absent (guest mode) without a secret or JWKS URL", () => {
    assert.equal(createLocalVerifier({}), undefined);
  });
});
