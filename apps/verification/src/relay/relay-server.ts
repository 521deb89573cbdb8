import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PlatformMetrics } from '@citizen-zero/nest-platform';
import { WebSocketServer } from 'ws';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { RELAY_PATH_PREFIX, SessionRelay } from './session-relay';

/**
 * Serves the session relay (`GET /relay/sessions/{id}?role=mdoc|reader`, WebSocket) on the
 * service's own HTTP server: upgrade requests for that path are handed to a `ws` server without a
 * server of its own, and their connections to {@link SessionRelay}. Public, like health and metrics
 * — see SessionRelay for why the relay needs no authentication. Metrics:
 * `relay_sessions_active`, `relay_frames_forwarded_total{direction}`, `relay_bytes_forwarded_total`,
 * `relay_connections_refused_total{reason}`, `relay_sessions_ended_total{reason}`.
 */
@Injectable()
export class RelayServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RelayServer.name);
  private readonly relay: SessionRelay;
  private readonly webSockets: WebSocketServer;
  private httpServer: Server | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(VERIFICATION_CONFIG) config: VerificationConfig,
    metrics: PlatformMetrics,
  ) {
    const limits = config.relay;
    // No compression: frames are ciphertext, and inflating them would be a memory risk.
    this.webSockets = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: limits.maxFrameBytes });
    const frames = metrics.counter('relay_frames_forwarded_total', 'Session relay: binary frames forwarded, by direction', ['direction']);
    const bytes = metrics.counter('relay_bytes_forwarded_total', 'Session relay: bytes forwarded');
    const refused = metrics.counter('relay_connections_refused_total', 'Session relay: connections refused, by reason', ['reason']);
    const ended = metrics.counter('relay_sessions_ended_total', 'Session relay: sessions ended, by reason', ['reason']);
    this.relay = new SessionRelay(
      {
        maxFrameBytes: limits.maxFrameBytes,
        sessionTtlMs: limits.sessionTtlSeconds * 1000,
        idleTimeoutMs: limits.idleTimeoutSeconds * 1000,
        maxBufferedFrames: limits.maxBufferedFrames,
        maxBufferedBytes: limits.maxBufferedBytes,
        maxSessions: limits.maxSessions,
        connectionsPerMinute: limits.connectionsPerMinute,
      },
      {
        forwarded: (direction, size) => {
          frames.inc({ direction });
          bytes.inc(size);
        },
        refused: (reason) => refused.inc({ reason }),
        ended: (reason, durationMs) => {
          ended.inc({ reason });
          this.logger.debug({ msg: 'relay session ended', reason, durationMs });
        },
      },
    );
    metrics.gauge('relay_sessions_active', 'Session relay: sessions open', [], (gauge) => gauge.set(this.relay.activeSessions));
  }

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  beforeApplicationShutdown(): void {
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.relay.closeAll();
    this.webSockets.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = request.url ?? '/';
    if (!path.startsWith(RELAY_PATH_PREFIX)) {
      // Another upgrade handler may serve it; when there is none, answer rather than leave it hanging.
      if (this.httpServer && this.httpServer.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => undefined);
    const remoteAddress = request.socket.remoteAddress ?? 'unknown';
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) => this.relay.accept(webSocket, path, remoteAddress));
  };
}
