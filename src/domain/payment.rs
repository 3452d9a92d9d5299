//! The states of mobile payments and of the provider work an invoice still needs, in our own
//! words: what the store keeps, what the use cases decide on and what the screens show.
//!
//! Every state has a stable `code` (the word stored in the database) and a `from_code` that
//! reads it back; an unknown word is `None`, and the store turns that into a `Corrupt` error.

use serde::Serialize;

use super::Lang;
use super::invoice::Invoice;
use super::lang::Labels;
use crate::t;

/// Where a payment stands, in our words (providers.md §5.4, POS-side mapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Link sent, customer has not finished.
    Pending,
    /// The provider holds it for a fraud check; wait.
    Frozen,
    /// Manual credit inspection; wait.
    Inspection,
    /// Authorized, not captured (automatic capture off).
    Authorized,
    /// Paid in full.
    Paid,
    /// Declined by the customer or refused by the provider.
    Rejected,
    /// The link expired unused.
    Expired,
    /// Cancelled by us before payment.
    Cancelled,
    /// Paid and then refunded in full.
    Refunded,
    /// Paid and then partly refunded.
    PartlyRefunded,
    /// A status we do not know.
    Unknown,
}

impl PaymentState {
    const ALL: [PaymentState; 11] = [
        PaymentState::Pending,
        PaymentState::Frozen,
        PaymentState::Inspection,
        PaymentState::Authorized,
        PaymentState::Paid,
        PaymentState::Rejected,
        PaymentState::Expired,
        PaymentState::Cancelled,
        PaymentState::Refunded,
        PaymentState::PartlyRefunded,
        PaymentState::Unknown,
    ];

    /// The state as a short code in the order list (like the order status codes, the same in
    /// both languages).
    pub fn list_code(self) -> &'static str {
        match self {
            PaymentState::Pending => "VÄNTAR",
            PaymentState::Frozen => "FRYST",
            PaymentState::Inspection => "GRANSKAS",
            PaymentState::Authorized => "GODKÄND",
            PaymentState::Paid => "BETALD",
            PaymentState::Rejected => "AVBÖJD",
            PaymentState::Expired => "UTGÅNGEN",
            PaymentState::Cancelled => "ANNULLERAD",
            PaymentState::Refunded => "ÅTERBETALD",
            PaymentState::PartlyRefunded => "DELVIS ÅTERB",
            PaymentState::Unknown => "OKÄND",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Frozen => "frozen",
            PaymentState::Inspection => "inspection",
            PaymentState::Authorized => "authorized",
            PaymentState::Paid => "paid",
            PaymentState::Rejected => "rejected",
            PaymentState::Expired => "expired",
            PaymentState::Cancelled => "cancelled",
            PaymentState::Refunded => "refunded",
            PaymentState::PartlyRefunded => "partly_refunded",
            PaymentState::Unknown => "unknown",
        }
    }

    /// The state a stored code names, or `None` for a word that is not one of ours.
    pub fn from_code(s: &str) -> Option<PaymentState> {
        PaymentState::ALL.into_iter().find(|p| p.code() == s)
    }

    /// Lenient reading (any word we do not know is [`PaymentState::Unknown`]).
    pub fn parse(s: &str) -> PaymentState {
        PaymentState::from_code(s).unwrap_or(PaymentState::Unknown)
    }

    /// What the counter sees. Provider-neutral: the same text whichever provider holds the
    /// payment.
    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: Labels<11> = Labels::new();
        LABELS.get(PaymentState::ALL, self, lang, |s, lang| match s {
            PaymentState::Pending => t!(lang, "payment-state-pending"),
            PaymentState::Frozen => t!(lang, "payment-state-frozen"),
            PaymentState::Inspection => t!(lang, "payment-state-inspection"),
            PaymentState::Authorized => t!(lang, "payment-state-authorized"),
            PaymentState::Paid => t!(lang, "payment-state-paid"),
            PaymentState::Rejected => t!(lang, "payment-state-rejected"),
            PaymentState::Expired => t!(lang, "payment-state-expired"),
            PaymentState::Cancelled => t!(lang, "payment-state-cancelled"),
            PaymentState::Refunded => t!(lang, "payment-state-refunded"),
            PaymentState::PartlyRefunded => t!(lang, "payment-state-partly-refunded"),
            PaymentState::Unknown => t!(lang, "payment-state-unknown"),
        })
    }
}

/// How the customer chose to pay at the provider (direct, part payment, invoice), in our words.
/// The provider's client turns its own method names into these codes; a method it does not
/// recognise is kept under the provider's own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayChoice {
    /// Paid at once (card, bank).
    Direct,
    /// Part payments through the provider.
    PartPayment,
    /// An invoice from the provider.
    Invoice,
}

impl PayChoice {
    const ALL: [PayChoice; 3] = [
        PayChoice::Direct,
        PayChoice::PartPayment,
        PayChoice::Invoice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PayChoice::Direct => "direct",
            PayChoice::PartPayment => "part_payment",
            PayChoice::Invoice => "invoice",
        }
    }

    pub fn from_code(s: &str) -> Option<PayChoice> {
        PayChoice::ALL.into_iter().find(|p| p.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: Labels<3> = Labels::new();
        LABELS.get(PayChoice::ALL, self, lang, |s, lang| match s {
            PayChoice::Direct => t!(lang, "pay-choice-direct"),
            PayChoice::PartPayment => t!(lang, "pay-choice-part-payment"),
            PayChoice::Invoice => t!(lang, "pay-choice-invoice"),
        })
    }

    /// A stored method as the counter reads it: our label for one of our codes, the provider's
    /// own name for a method we do not know.
    pub fn show(stored: &str, lang: Lang) -> String {
        PayChoice::from_code(stored)
            .map(|c| c.label(lang).to_string())
            .unwrap_or_else(|| stored.to_string())
    }
}

/// State of an attempt to send a payment link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    /// The key is stored; the provider's answer is not (yet).
    Sending,
    /// The link exists.
    Sent,
    /// The provider refused; there is no link.
    Failed,
    /// The link was cancelled (and any payment refunded).
    Cancelled,
}

impl AttemptState {
    const ALL: [AttemptState; 4] = [
        AttemptState::Sending,
        AttemptState::Sent,
        AttemptState::Failed,
        AttemptState::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AttemptState::Sending => "sending",
            AttemptState::Sent => "sent",
            AttemptState::Failed => "failed",
            AttemptState::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Option<AttemptState> {
        AttemptState::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// Kind of a money-moving call after the link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Cancel,
    Refund,
    Capture,
}

impl CallKind {
    const ALL: [CallKind; 3] = [CallKind::Cancel, CallKind::Refund, CallKind::Capture];

    pub fn code(self) -> &'static str {
        match self {
            CallKind::Cancel => "cancel",
            CallKind::Refund => "refund",
            CallKind::Capture => "capture",
        }
    }

    pub fn from_code(s: &str) -> Option<CallKind> {
        CallKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Where a cancel, refund or capture call stands. It is recorded `Pending` (with its
/// idempotency key) before it is made; a retry finds the pending call and reuses the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    Pending,
    Done,
    Failed,
}

impl CallState {
    const ALL: [CallState; 3] = [CallState::Pending, CallState::Done, CallState::Failed];

    pub fn code(self) -> &'static str {
        match self {
            CallState::Pending => "pending",
            CallState::Done => "done",
            CallState::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<CallState> {
        CallState::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// What the payment provider must still do for an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderAction {
    /// Capture the authorized payment (booking a MOBIL order when automatic capture is off).
    Capture,
    /// Refund to the customer (a credit of a MOBIL invoice).
    Refund,
}

impl ProviderAction {
    pub fn code(self) -> &'static str {
        match self {
            ProviderAction::Capture => "capture",
            ProviderAction::Refund => "refund",
        }
    }

    pub fn from_code(s: &str) -> Option<ProviderAction> {
        [ProviderAction::Capture, ProviderAction::Refund]
            .into_iter()
            .find(|a| a.code() == s)
    }
}

/// Where that provider work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    Due,
    Done,
    Failed,
}

impl TaskState {
    pub fn code(self) -> &'static str {
        match self {
            TaskState::Due => "due",
            TaskState::Done => "done",
            TaskState::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<TaskState> {
        [TaskState::Due, TaskState::Done, TaskState::Failed]
            .into_iter()
            .find(|t| t.code() == s)
    }
}

/// Provider work of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderTask {
    pub action: ProviderAction,
    pub state: TaskState,
    pub error: Option<String>,
}

impl ProviderTask {
    /// True while the provider still has work to do: due, or failed and waiting for a retry.
    pub fn is_pending(&self) -> bool {
        self.state != TaskState::Done
    }
}

/// A booked invoice or credit invoice as stored, with the provider work it still needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredInvoice {
    pub invoice: Invoice,
    pub task: Option<ProviderTask>,
}

impl StoredInvoice {
    /// Provider work that is not done yet.
    pub fn pending(&self) -> Option<&ProviderTask> {
        self.task.as_ref().filter(|t| t.is_pending())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payment_state_reads_back_from_its_code_and_a_foreign_word_is_none() {
        for s in PaymentState::ALL {
            assert_eq!(PaymentState::from_code(s.code()), Some(s));
        }
        assert_eq!(PaymentState::from_code("FROZEN"), None);
        assert_eq!(PaymentState::parse("FROZEN"), PaymentState::Unknown);
    }

    #[test]
    fn payment_state_labels_name_no_provider() {
        for s in PaymentState::ALL {
            for lang in [Lang::Sv, Lang::En] {
                assert!(
                    !s.label(lang).contains("Resurs"),
                    "{s:?}: {}",
                    s.label(lang)
                );
            }
        }
    }

    #[test]
    fn attempt_and_call_states_read_back_from_their_codes() {
        for s in AttemptState::ALL {
            assert_eq!(AttemptState::from_code(s.code()), Some(s));
        }
        for k in CallKind::ALL {
            assert_eq!(CallKind::from_code(k.code()), Some(k));
        }
        for c in CallState::ALL {
            assert_eq!(CallState::from_code(c.code()), Some(c));
        }
        assert_eq!(AttemptState::from_code("skickad"), None);
        assert_eq!(CallKind::from_code("void"), None);
        assert_eq!(CallState::from_code("due"), None);
    }

    #[test]
    fn provider_work_reads_back_from_its_codes() {
        for a in [ProviderAction::Capture, ProviderAction::Refund] {
            assert_eq!(ProviderAction::from_code(a.code()), Some(a));
        }
        for t in [TaskState::Due, TaskState::Done, TaskState::Failed] {
            assert_eq!(TaskState::from_code(t.code()), Some(t));
        }
        assert_eq!(ProviderAction::from_code("cancel"), None);
        assert_eq!(TaskState::from_code("pending"), None);
    }

    #[test]
    fn provider_work_is_pending_until_done() {
        let task = |state| ProviderTask {
            action: ProviderAction::Capture,
            state,
            error: None,
        };
        assert!(task(TaskState::Due).is_pending());
        assert!(task(TaskState::Failed).is_pending());
        assert!(!task(TaskState::Done).is_pending());
    }
}
