/**
 * The two timeouts of a call to Ascora, which mean different things for a create:
 * - connect: no connection within the limit, so nothing reached Ascora: safe to send again;
 * - response: connected and sent, but no answer within the limit: the create may have been
 *   applied, so its outcome is unknown (look it up by its marker before sending again).
 * An axios transport (Node's http/https with the two timers), so the client keeps axios.
 */
import http from 'node:http';
import https from 'node:https';

export const CONNECT_TIMEOUT_CODE = 'ERA_CONNECT_TIMEOUT';
export const RESPONSE_TIMEOUT_CODE = 'ETIMEDOUT';

export interface CallTimeouts {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** Told the status when the answer's head arrives (its body may still be cut off after it). */
  onAnswerHead?: (status: number) => void;
}

const timeoutError = (message: string, code: string) => Object.assign(new Error(message), { code });

export function timedTransport(timeouts: CallTimeouts) {
  return {
    request(
      options: http.RequestOptions & { protocol?: string | null },
      onResponse: (res: http.IncomingMessage) => void,
    ): http.ClientRequest {
      const secure = options.protocol === 'https:';
      const req = (secure ? https : http).request(options, onResponse);
      let timer: NodeJS.Timeout | null = setTimeout(
        () =>
          req.destroy(
            timeoutError(`No connection to Ascora within ${timeouts.connectTimeoutMs / 1000} s.`, CONNECT_TIMEOUT_CODE),
          ),
        timeouts.connectTimeoutMs,
      );
      const clear = () => {
        if (timer) clearTimeout(timer);
        timer = null;
      };
      const connected = () => {
        clear();
        timer = setTimeout(
          () =>
            req.destroy(
              timeoutError(
                `Ascora did not answer within ${timeouts.responseTimeoutMs / 1000} s.`,
                RESPONSE_TIMEOUT_CODE,
              ),
            ),
          timeouts.responseTimeoutMs,
        );
      };
      req.once('socket', (socket) => {
        // A kept-alive socket is connected already.
        if (!socket.connecting) connected();
        else socket.once(secure ? 'secureConnect' : 'connect', connected);
      });
      req.once('response', (res: http.IncomingMessage) => {
        clear();
        timeouts.onAnswerHead?.(res.statusCode ?? 0);
      });
      req.once('close', clear);
      return req;
    },
  };
}
