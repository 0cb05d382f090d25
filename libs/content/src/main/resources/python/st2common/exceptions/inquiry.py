"""StackStorm's exceptions: inquiries (each names the inquiry)."""

from st2common.exceptions import StackStormBaseException


class InvalidInquiryInstance(StackStormBaseException):
    def __init__(self, inquiry_id):
        super(InvalidInquiryInstance, self).__init__('Action execution "%s" is not an inquiry.' % inquiry_id)


class InquiryTimedOut(StackStormBaseException):
    def __init__(self, inquiry_id):
        super(InquiryTimedOut, self).__init__('Inquiry "%s" timed out and cannot be responded to.' % inquiry_id)


class InquiryAlreadyResponded(StackStormBaseException):
    def __init__(self, inquiry_id):
        super(InquiryAlreadyResponded, self).__init__('Inquiry "%s" has already been responded to.' % inquiry_id)


class InquiryResponseUnauthorized(StackStormBaseException):
    def __init__(self, inquiry_id, user):
        super(InquiryResponseUnauthorized, self).__init__(
            'User "%s" does not have permission to respond to inquiry "%s".' % (user, inquiry_id))


class InvalidInquiryResponse(StackStormBaseException):
    def __init__(self, inquiry_id, error):
        super(InvalidInquiryResponse, self).__init__(
            'Response for inquiry "%s" did not pass schema validation: %s' % (inquiry_id, error))
