public enum UMockdevHarnessModule {}
