import assert from "node:assert/strict";
import { SignJWT, UnsecuredJWT } from "jose";
import { createLocalVerifier, TokenError, type TokenRefusal } from "../../src/auth/jwt.js";
import { cacheVerifiedTokens } from "../../src/auth/verified-tokens.js";

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

describe("verified-token cache", () => {
  it("checks a token once, serves it until its exp (never past it, nor past the TTL), and never remembers a refusal", async () => {
    let clock = Date.now();
    let checks = 0;
    const inner = createLocalVerifier({ jwtSecret: SECRET }, { maxEntries: 0 })!;
    const verify = cacheVerifiedTokens(
      async (token) => {
        checks++;
        return inner(token);
      },
      { now: () => clock, ttlMs: 60_000, maxEntries: 2 },
    );
    const exp = now() + 30;
    const token = await new SignJWT({ name: "Alice" }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1").setExpirationTime(exp).sign(key);
    assert.equal((await verify(token)).userId, "user-1");
    assert.equal((await verify(token)).displayName, "Alice");
    assert.equal(checks, 1, "the second join is served from the cache");

    // past the token's exp the cache lets the real check answer (which refuses it once past jose's 5 s tolerance)
    clock = exp * 1000 + 1;
    await verify(token);
    assert.equal(checks, 2);

    // a long-lived token: the TTL bounds the entry
    clock = Date.now();
    const long = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user-2").setExpirationTime("2h").sign(key);
    await verify(long);
    clock += 59_000;
    await verify(long);
    assert.equal(checks, 3);
    clock += 2_000;
    await verify(long);
    assert.equal(checks, 4, "checked again after the TTL");

    // refusals are checked every time
    const forged = `${long.slice(0, -2)}xx`;
    assert.equal(await refusal(verify(forged)), "bad_signature");
    assert.equal(await refusal(verify(forged)), "bad_signature");
    assert.equal(checks, 6);
    assert.equal(await refusal(verify(undefined)), "missing");
  });

  it("holds at most maxEntries tokens, dropping the oldest", async () => {
    let checks = 0;
    const inner = createLocalVerifier({ jwtSecret: SECRET }, { maxEntries: 0 })!;
    const verify = cacheVerifiedTokens(async (token) => {
      checks++;
      return inner(token);
    }, { maxEntries: 2 });
    const tokens = await Promise.all(["a", "b", "c"].map((sub) => new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setExpirationTime("1h").sign(key)));
    for (const token of tokens) await verify(token);
    assert.equal(checks, 3);
    await verify(tokens[2]!);
    await verify(tokens[1]!);
    assert.equal(checks, 3, "the two newest are cached");
    await verify(tokens[0]!);
    assert.equal(checks, 4, "the oldest was dropped");
  });
});
