/**
 * docker/nginx.conf and docker/compose.yaml without a Docker engine: the
 * shipped nginx.conf runs in a real nginx (fails when no nginx binary is
 * installed) in front of two stand-in nodes on loopback (node-a/node-b
 * mapped to their ports in a temporary copy), and compose gives every node
 * an INTERNAL_ADDRESS and trusts the proxy and the other node.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket, WebSocketServer } from "ws";
import { freePort, waitFor } from "../support/net.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

/** A stand-in node: answers HTTP with its name and accepts every WebSocket upgrade, remembering the upgrade's headers. */
interface StandIn {
  name: string;
  port: number;
  upgrades: Array<{ url: string; headers: IncomingHttpHeaders }>;
  server: Server;
}

async function standIn(name: string): Promise<StandIn> {
  const port = await freePort();
  const upgrades: StandIn["upgrades"] = [];
  const server = createServer((_req, res) => res.end(name));
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    upgrades.push({ url: req.url ?? "", headers: req.headers });
    wss.handleUpgrade(req, socket, head, (ws) => ws.send(name));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { name, port, upgrades, server };
}

/** Opens a WebSocket through the proxy and resolves with the name of the node that answered. */
function nodeBehind(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("message", (data) => {
      resolve(String(data));
      ws.close();
    });
    ws.once("error", reject);
  });
}

describe("docker/compose.yaml: the nodes reach each other directly", () => {
  const compose = readFileSync(join(ROOT, "docker/compose.yaml"), "utf8");

  it("gives each node an INTERNAL_ADDRESS and trusts the proxy and the other node by their fixed addresses", () => {
    for (const [node, other] of [
      ["a", "b"],
      ["b", "a"],
    ] as const) {
      const block = new RegExp(`\\n  node-${node}:\\n([\\s\\S]*?)(?=\\n  [a-z-]+:\\n|\\n[a-z]+:)`).exec(compose)?.[1] ?? "";
      assert.match(block, new RegExp(`INTERNAL_ADDRESS: node-${node}:2567`));
      const own = /ipv4_address: (\S+)/.exec(block)?.[1];
      const otherBlock = new RegExp(`\\n  node-${other}:\\n([\\s\\S]*?)(?=\\n  [a-z-]+:\\n|\\n[a-z]+:)`).exec(compose)?.[1] ?? "";
      const otherAddress = /ipv4_address: (\S+)/.exec(otherBlock)?.[1];
      const proxyAddress = /\n  proxy:\n[\s\S]*?ipv4_address: (\S+)/.exec(compose)?.[1];
      const trusted = (/TRUSTED_PROXIES: (\S+)/.exec(block)?.[1] ?? "").split(",");
      assert.ok(own !== undefined && otherAddress !== undefined && proxyAddress !== undefined, "fixed addresses for the nodes and the proxy");
      assert.deepEqual(trusted.sort(), [proxyAddress, otherAddress].sort(), `node-${node} trusts the proxy and node-${other}`);
    }
  });
});

describe("docker/nginx.conf in a real nginx", function () {
  this.timeout(30_000);
  let dir = "";
  let nodes: StandIn[] = [];
  let nginx: ChildProcess | undefined;
  let proxyPort = 0;
  let conf = "";

  before(async function () {
    assert.ok(NGINX !== undefined, "nginx is required for this test: apt-get install -y nginx-light (.ci/run installs it)");
    nodes = await Promise.all(["node-a", "node-b"].map(standIn));
    proxyPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), "nginx-conf-"));
    // nginx workers run as nobody: their temp paths must be writable
    chmodSync(dir, 0o777);
    const shipped = readFileSync(join(ROOT, "docker/nginx.conf"), "utf8");
    let copy = shipped.replace("listen 8080;", `listen 127.0.0.1:${proxyPort};`).replace("http {", `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;`);
    for (const node of nodes) copy = copy.replaceAll(`${node.name}:2567`, `127.0.0.1:${node.port}`);
    assert.ok(!/node-[ab]:2567/.test(copy), "every upstream is mapped");
    conf = join(dir, "nginx.conf");
    writeFileSync(conf, copy);
  });
  after(async () => {
    nginx?.kill("SIGQUIT");
    for (const node of nodes) node.server.closeAllConnections();
    await Promise.all(nodes.map((node) => new Promise((resolve) => node.server.close(resolve))));
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  const globals = () => `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;`;

  it("passes nginx -t", () => {
    const check = spawnSync(NGINX!, ["-t", "-p", dir, "-c", conf, "-g", globals()], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stderr);
  });

  it("sends one client's /ws/ and /socket/ WebSockets to one node, upgraded, without the client's identity headers", async () => {
    nginx = spawn(NGINX!, ["-p", dir, "-c", conf, "-g", globals()], { stdio: "ignore" });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${proxyPort}/readyz`)).ok, 10_000, "nginx");
    const forged = { "X-User-ID": "u1", "X-Gateway-Secret": "s", "X-Account-ID": "a1", "X-Profile-ID": "p1" };
    const answered = [];
    for (const path of ["/ws/lobby", "/ws/room-1", "/socket/websocket?vsn=2.0.0", "/ws/lobby", "/socket/websocket?vsn=2.0.0"]) {
      answered.push(await nodeBehind(`ws://127.0.0.1:${proxyPort}${path}`, forged));
    }
    assert.equal(new Set(answered).size, 1, `one node for one client address: ${answered.join(", ")}`);
    const upgrades = nodes.flatMap((node) => node.upgrades);
    assert.deepEqual(upgrades.map((u) => u.url), ["/ws/lobby", "/ws/room-1", "/socket/websocket?vsn=2.0.0", "/ws/lobby", "/socket/websocket?vsn=2.0.0"]);
    for (const { headers } of upgrades) {
      assert.equal(headers.upgrade, "websocket");
      for (const name of Object.keys(forged)) assert.equal(headers[name.toLowerCase()], undefined, `${name} is stripped`);
      assert.equal(headers["x-forwarded-for"], "127.0.0.1");
    }
  });

  it("still routes /node-a/ and /node-b/ to their node", async () => {
    assert.equal(await nodeBehind(`ws://127.0.0.1:${proxyPort}/node-a/p/r`), "node-a");
    assert.equal(await nodeBehind(`ws://127.0.0.1:${proxyPort}/node-b/p/r`), "node-b");
  });
});
