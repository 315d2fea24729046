/// The one serial executor that `WeComClient` and its actors (`DeviceSession`, `RequestExchange`) share.
///
/// They were one actor; sharing its executor keeps them mutually exclusive as before, and handing a frame
/// or a reply from one to another stays a switch within the same serial context instead of a hop between
/// executors. Tests that advance a test clock rely on the client reaching its next sleep within a few yields.
actor ClientIsolation {}
