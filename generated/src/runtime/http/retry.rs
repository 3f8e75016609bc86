//! When to retry a failed attempt and how long to wait first.

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, Method, StatusCode};

use super::transport::TransportErrorKind;

/// Limits on retrying throttled, unavailable or reset requests.
///
/// The client retries:
/// - 429 and 503 for every method, because Graph sends them before applying
///   the request;
/// - 504 and connection resets only for idempotent methods (GET, HEAD, PUT,
///   DELETE, OPTIONS and PATCH), because the request may have been applied.
///   Graph PATCH sets the given properties to the given values, so repeating
///   it leaves the same state. POST, such as adding a comment, could add a
///   duplicate, so it is not retried on these;
/// - connection failures for every method, because nothing was sent.
///
/// A `Retry-After` header (seconds or an HTTP date) sets the wait. Otherwise
/// the wait is exponential backoff from `base_delay` with jitter: a random
/// value between half and all of `base_delay * 2^(retry - 1)`, capped at
/// `max_delay`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per request, counting the first. `1` disables retries.
    pub max_attempts: u32,
    /// The backoff before the first retry when the server gives no
    /// `Retry-After`.
    pub base_delay: Duration,
    /// The longest single wait. A `Retry-After` longer than this ends the
    /// retries and the error reports it in `retry_after`.
    pub max_delay: Duration,
    /// The longest total wait across all retries of one request.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, 1 s base delay, at most 60 s per wait and 120 s in total.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            max_total_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the attempts per request, counting the first.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the first backoff delay.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest single wait.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets the longest total wait per request.
    pub fn with_max_total_wait(mut self, max_total_wait: Duration) -> Self {
        self.max_total_wait = max_total_wait;
        self
    }

    /// Returns how long to wait before the next attempt, or `None` to stop.
    ///
    /// `attempt` is the number of attempts made so far, `hint` the server's
    /// `Retry-After` and `waited` the total already spent waiting.
    pub(crate) fn next_wait(
        &self,
        attempt: u32,
        hint: Option<Duration>,
        waited: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match hint {
            Some(hint) if hint > self.max_delay => return None,
            Some(hint) => hint,
            None => self.backoff(attempt),
        };
        // A `Retry-After` of u64::MAX seconds under a policy without caps would overflow.
        let total = waited.checked_add(wait)?;
        (total <= self.max_total_wait).then_some(wait)
    }

    /// Exponential backoff with jitter before retry number `retry` (from 1).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << (retry.saturating_sub(1)).min(20);
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = ceiling / 2;
        let jitter_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter_nanos)
    }
}

/// Returns whether a response status may be retried for this method.
pub(crate) fn is_retryable_status(method: &Method, status: StatusCode) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => true,
        StatusCode::GATEWAY_TIMEOUT => is_idempotent(method),
        _ => false,
    }
}

/// Returns whether a transport failure may be retried for this method.
pub(crate) fn is_retryable_transport(method: &Method, kind: TransportErrorKind) -> bool {
    match kind {
        TransportErrorKind::Connect => true,
        TransportErrorKind::ConnectionReset => is_idempotent(method),
        _ => false,
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::PATCH,
    ]
    .contains(method)
}

/// Reads `Retry-After` as delay seconds or an HTTP date (RFC 9110, 10.2.3).
///
/// A date in the past gives zero. An unreadable value gives `None`, so the
/// caller falls back to backoff.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(retry_after_value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_str(retry_after_value).unwrap(),
        );
        headers
    }

    #[test]
    fn retry_after_seconds() {
        let wait = retry_after(&headers("7"), SystemTime::now());
        assert_eq!(wait, Some(Duration::from_secs(7)));
    }

    #[test]
    fn retry_after_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let wait = retry_after(&headers("Sun, 06 Nov 1994 08:49:49 GMT"), now);
        assert_eq!(wait, Some(Duration::from_secs(12)));
    }

    #[test]
    fn retry_after_past_date_is_zero() {
        let wait = retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT"), SystemTime::now());
        assert_eq!(wait, Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_garbage_is_none() {
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn backoff_stays_within_bounds() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(300));
        for retry in 1..=10 {
            let ceiling = (Duration::from_millis(100) * (1 << (retry - 1))).min(policy.max_delay);
            let wait = policy.backoff(retry);
            assert!(
                wait >= ceiling / 2,
                "retry {retry}: {wait:?} below half of {ceiling:?}"
            );
            assert!(wait <= ceiling, "retry {retry}: {wait:?} above {ceiling:?}");
        }
    }

    #[test]
    fn next_wait_stops_at_limits() {
        let policy = RetryPolicy::default().with_max_attempts(3);
        let zero = Duration::ZERO;
        assert_eq!(policy.next_wait(3, Some(zero), zero), None);
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(61)), zero),
            None
        );
        assert_eq!(
            policy.next_wait(1, Some(Duration::from_secs(2)), Duration::from_secs(119)),
            None
        );
        assert_eq!(
            policy.next_wait(2, Some(Duration::from_secs(2)), zero),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn next_wait_stops_when_total_overflows() {
        let uncapped = RetryPolicy::default()
            .with_max_attempts(10)
            .with_max_delay(Duration::MAX)
            .with_max_total_wait(Duration::MAX);
        let huge = Duration::from_secs(u64::MAX);
        assert_eq!(
            uncapped.next_wait(2, Some(huge), Duration::from_secs(1)),
            None
        );
    }

    #[test]
    fn post_retried_only_when_not_applied() {
        assert!(is_retryable_status(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS
        ));
        assert!(is_retryable_status(
            &Method::POST,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!is_retryable_status(
            &Method::POST,
            StatusCode::GATEWAY_TIMEOUT
        ));
        assert!(is_retryable_status(
            &Method::PATCH,
            StatusCode::GATEWAY_TIMEOUT
        ));
        assert!(!is_retryable_transport(
            &Method::POST,
            TransportErrorKind::ConnectionReset
        ));
        assert!(is_retryable_transport(
            &Method::GET,
            TransportErrorKind::ConnectionReset
        ));
        assert!(!is_retryable_status(
            &Method::GET,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
    }
}
