//! Paged collections: `Pager` for one page at a time and `ItemStream` for items.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use futures_util::stream::{self, Stream};
use http::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::client::Client;
use super::error::{truncated_text, Error, RequestLine, TimeoutScope};
use super::send::{decode_with_path, Prepared};
use super::transport::HttpResponse;
use super::url::Origin;

/// A stream of collection items across pages.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// One page of a collection.
///
/// Each item is decoded on its own, so one item that does not match `T` is
/// an [`Error::Decode`] naming its JSON path (such as `value[3].severity`)
/// while the other items still decode.
pub struct Page<T> {
    /// The page's items in server order.
    pub items: Vec<Result<T, Error>>,
    /// `@odata.count`, present when the request set `$count=true`.
    pub count: Option<i64>,
    /// `@odata.nextLink`, the URL of the next page, if any.
    pub next_link: Option<String>,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("count", &self.count)
            .field("next_link", &self.next_link)
            .finish()
    }
}

/// A collection that arrives whole in one response, `{"value": [...]}`,
/// such as the comments returned after adding one. Other members, such as
/// `@odata.context`, are ignored.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Collection<T> {
    /// The collection's items.
    pub value: Vec<T>,
}

/// Fetches a collection one page at a time, following `@odata.nextLink`.
///
/// A next link is followed only when its scheme, host and port equal the
/// base URL's, so the token never goes to another host, and only when this
/// listing has not requested it before, so a server loop cannot run forever.
pub struct Pager<T> {
    client: Client,
    state: State,
    /// Every URL requested so far. It grows by one link per page.
    requested: HashSet<String>,
    listing_timeout: Option<Duration>,
    deadline: Option<tokio::time::Instant>,
    item: PhantomData<fn() -> T>,
}

/// Shows the client, the state and the listing timeout. The client's own
/// `Debug` leaves out the token.
impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("client", &self.client)
            .field("state", &self.state)
            .field("pages_requested", &self.requested.len())
            .field("listing_timeout", &self.listing_timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum State {
    /// The next page to request.
    Next(Prepared),
    /// An error found after the last page was returned, reported next.
    Failed(Error),
    Done,
}

/// The page envelope, with items left as raw JSON to decode one by one.
#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow)]
    value: Vec<&'a RawValue>,
    #[serde(rename = "@odata.count", default)]
    count: Option<i64>,
    #[serde(rename = "@odata.nextLink", default)]
    next_link: Option<String>,
}

impl<T: DeserializeOwned> Pager<T> {
    pub(crate) fn new(client: Client, first: Result<Prepared, Error>) -> Self {
        let listing_timeout = client.inner.settings.listing_timeout;
        let mut requested = HashSet::new();
        let state = match first {
            Ok(prepared) => {
                requested.insert(prepared.uri.to_string());
                State::Next(prepared)
            }
            Err(err) => State::Failed(err),
        };
        Self {
            client,
            state,
            requested,
            listing_timeout,
            deadline: None,
            item: PhantomData,
        }
    }

    /// Overrides the client's listing timeout for this listing; `None`
    /// removes the limit. The clock starts at the first page request.
    #[must_use]
    pub fn listing_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.listing_timeout = timeout;
        self
    }

    /// Fetches the next page, or returns `Ok(None)` after the last one.
    ///
    /// After a failed request, or a page body that does not decode, the same
    /// page is requested again on the next call, except after a listing
    /// timeout or a rejected next link, which end the listing.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        let prepared = match std::mem::replace(&mut self.state, State::Done) {
            State::Next(prepared) => prepared,
            State::Failed(err) => return Err(err),
            State::Done => return Ok(None),
        };

        let response = match self.fetch(&prepared).await {
            Ok(response) => response,
            Err(err) => {
                if !matches!(
                    err,
                    Error::Timeout {
                        scope: TimeoutScope::Listing,
                        ..
                    }
                ) {
                    self.state = State::Next(prepared);
                }
                return Err(err);
            }
        };
        // A body that does not decode, such as one cut short without a length, is retried
        // on the next call like a failed request. Ending the listing here would look like
        // the last page to a caller that keeps calling after errors, and lose the rest.
        let page = match decode_page::<T>(&prepared.line, response.body()) {
            Ok(page) => page,
            Err(err) => {
                self.state = State::Next(prepared);
                return Err(err);
            }
        };
        tracing::debug!(
            path = %prepared.line.path,
            items = page.items.len(),
            has_next_link = page.next_link.is_some(),
            "page received"
        );

        if let Some(link) = &page.next_link {
            self.state = match self.follow(link, &prepared.line) {
                Ok(next) => State::Next(next),
                Err(err) => State::Failed(err),
            };
        }
        Ok(Some(page))
    }

    /// Turns the pager into a stream of items, holding one page at a time.
    ///
    /// Undecodable items are `Err` items and the stream goes on. Any other
    /// error is the last item.
    pub fn into_stream(self) -> ItemStream<T>
    where
        T: Send + 'static,
    {
        let start = (self, VecDeque::new(), false);
        Box::pin(stream::unfold(
            start,
            |(mut pager, mut buffer, mut finished)| async move {
                loop {
                    if let Some(item) = buffer.pop_front() {
                        return Some((item, (pager, buffer, finished)));
                    }
                    if finished {
                        return None;
                    }
                    match pager.next_page().await {
                        Ok(Some(page)) => buffer.extend(page.items),
                        Ok(None) => return None,
                        Err(err) => {
                            finished = true;
                            return Some((Err(err), (pager, buffer, finished)));
                        }
                    }
                }
            },
        ))
    }

    async fn fetch(&mut self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        let Some(limit) = self.listing_timeout else {
            return self.client.execute(prepared).await;
        };
        let deadline = *self
            .deadline
            .get_or_insert_with(|| tokio::time::Instant::now() + limit);
        match tokio::time::timeout_at(deadline, self.client.execute(prepared)).await {
            Ok(result) => result,
            Err(_) => {
                tracing::debug!(path = %prepared.line.path, "listing timed out");
                Err(Error::Timeout {
                    request: prepared.line.clone(),
                    after: limit,
                    scope: TimeoutScope::Listing,
                })
            }
        }
    }

    /// Checks a next link and prepares its request.
    fn follow(&mut self, link: &str, from: &RequestLine) -> Result<Prepared, Error> {
        let base = &self.client.inner.base;
        let uri = base
            .resolve_link(link)
            .map_err(|message| Error::InvalidRequest {
                request: from.clone(),
                message,
            })?;

        let origin = Origin::of(&uri);
        if origin.as_ref() != Some(base.origin()) {
            tracing::warn!(path = %from.path, "rejected @odata.nextLink to another origin");
            return Err(Error::ForeignNextLink {
                request: from.clone(),
                origin: origin.map_or_else(|| String::from("(no origin)"), |o| o.to_string()),
                expected: base.origin().to_string(),
                link: link.to_owned(),
            });
        }
        if !self.requested.insert(uri.to_string()) {
            tracing::warn!(path = %from.path, "rejected repeated @odata.nextLink");
            return Err(Error::NextLinkLoop {
                request: from.clone(),
                link: link.to_owned(),
            });
        }

        let line = RequestLine {
            method: Method::GET,
            path: uri.path().to_owned(),
        };
        Ok(Prepared {
            line,
            uri,
            body: None,
        })
    }
}

/// Decodes a page envelope, then each item separately.
fn decode_page<T: DeserializeOwned>(line: &RequestLine, body: &[u8]) -> Result<Page<T>, Error> {
    let raw: RawPage<'_> = decode_with_path(body).map_err(|(path, message)| Error::Decode {
        request: line.clone(),
        path,
        message,
        body: truncated_text(body),
    })?;

    let items = raw
        .value
        .iter()
        .enumerate()
        .map(|(index, item)| decode_item(line, index, item))
        .collect();
    Ok(Page {
        items,
        count: raw.count,
        next_link: raw.next_link,
    })
}

fn decode_item<T: DeserializeOwned>(
    line: &RequestLine,
    index: usize,
    item: &RawValue,
) -> Result<T, Error> {
    let json = item.get();
    decode_with_path(json.as_bytes()).map_err(|(path, message)| Error::Decode {
        request: line.clone(),
        path: if path == "." {
            format!("value[{index}]")
        } else {
            format!("value[{index}].{path}")
        },
        message,
        body: truncated_text(json.as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
        severity: Severity,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    enum Severity {
        Low,
        High,
    }

    fn line() -> RequestLine {
        RequestLine {
            method: Method::GET,
            path: String::from("/v1.0/security/alerts_v2"),
        }
    }

    #[test]
    fn page_keeps_good_items_around_bad_one() {
        let body = br#"{"@odata.count":3,"value":[
            {"id":"a","severity":"low"},
            {"id":"b","severity":"catastrophic"},
            {"id":"c","severity":"high"}]}"#;
        let page = decode_page::<Item>(&line(), body).unwrap();
        assert_eq!(page.count, Some(3));
        assert_eq!(page.next_link, None);
        assert!(page.items[0].is_ok());
        assert!(page.items[2].is_ok());
        let Err(Error::Decode { path, body, .. }) = &page.items[1] else {
            panic!("expected a decode error, got {:?}", page.items[1]);
        };
        assert_eq!(path, "value[1].severity");
        assert_eq!(body, r#"{"id":"b","severity":"catastrophic"}"#);
    }

    #[test]
    fn page_without_value_is_decode_error() {
        let error = decode_page::<Item>(&line(), br#"{"error":{}}"#).unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    }

    #[test]
    fn item_that_is_not_an_object() {
        let page = decode_page::<Item>(&line(), br#"{"value":[7]}"#).unwrap();
        let Err(Error::Decode { path, .. }) = &page.items[0] else {
            panic!("expected a decode error");
        };
        assert_eq!(path, "value[0]");
    }
}
